import CurfewClient
import Foundation

extension DaemonClient {
    /// Opens an event stream and hands each frame to `receive` as it arrives; returns when curfewd ends the stream.
    /// A refusal throws what curfewd said; a daemon that cannot be reached, or silent for longer than
    /// `replyTimeout`, throws an `unreachable` failure.
    func stream(_ request: DaemonRequest, receive: (ServerSentEvent) throws -> Void) async throws {
        var request = request
        request.accept = "text/event-stream"
        do {
            let connection = try DaemonConnection(socketPath: socketPath, connectTimeout: connectTimeout)
            try connection.send(request.head, body: request.body.map(Array.init))
            var refusal: DaemonReply?
            var parser = ServerSentEventParser()
            try connection.receive(idleTimeout: replyTimeout) { part in
                switch part {
                case .head(let status) where status != 200:
                    refusal = DaemonReply(status: status, body: Data())
                case .head: break
                case .body(let bytes) where refusal != nil:
                    refusal?.body.append(contentsOf: bytes.prefix(DaemonConnection.largestReply))
                case .body(let bytes):
                    for frame in parser.feed(bytes) { try receive(frame) }
                case .end: break
                }
            }
            if let refusal { throw refusal.failure }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw self.failure(for: error)
        }
    }
}
