import AsyncHTTPClient
import Foundation

extension DaemonClient {
    /// Opens an event stream and hands each frame to `receive` as it arrives; returns when curfewd ends the stream.
    /// A refusal throws what curfewd said; a daemon that cannot be reached throws an `unreachable` failure.
    func stream(_ request: DaemonRequest, receive: (ServerSentEvent) throws -> Void) async throws {
        var request = request
        request.accept = "text/event-stream"
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request.httpRequest(socketPath: socketPath), timeout: replyTimeout)
        } catch {
            throw failure(for: error)
        }
        guard response.status.code == 200 else {
            let body = try? await response.body.collect(upTo: Self.largestReply)
            throw DaemonReply(
                status: Int(response.status.code),
                body: body.map { Data($0.readableBytesView) } ?? Data()
            )
            .failure
        }
        var parser = ServerSentEventParser()
        do {
            for try await piece in response.body {
                for frame in parser.feed(piece.readableBytesView) { try receive(frame) }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw self.failure(for: error)
        }
    }
}
