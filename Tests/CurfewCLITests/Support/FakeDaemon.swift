import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for curfewd on a Unix socket: answers each connection with the next scripted reply and records the
/// request. Plain sockets in one thread, one request per connection (`Connection: close`), so it stays small.
final class FakeDaemon: Sendable {
    struct Request: Sendable, Equatable {
        var method: String
        /// Path and query, as sent.
        var target: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
    }

    struct Reply: Sendable {
        var status: Int
        var body: String
        var headers: [String: String] = [:]

        /// Reads the request and never answers, until the client gives up and closes the connection.
        static let none = Reply(status: 0, body: "")
    }

    let socketPath: String
    private let listener: Int32
    private let recorded = Mutex<[Request]>([])

    /// Listens at a fresh socket path and serves `replies` in order, one per connection.
    init(replies: [Reply]) throws {
        socketPath = "/tmp/curfewctl-test-\(UUID().uuidString.prefix(8)).sock"
        listener = try Self.listen(at: socketPath)
        let thread = Thread { [self] in
            for reply in replies {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                if let request = Self.read(connection) { recorded.withLock { $0.append(request) } }
                if reply.status == 0 {
                    Self.waitForClose(connection)
                } else {
                    Self.write(reply, to: connection)
                }
                close(connection)
            }
        }
        thread.start()
    }

    /// What the client sent, in order.
    var requests: [Request] { recorded.withLock { $0 } }

    /// Stops listening (an `accept` still waiting returns) and removes the socket.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(socketPath)
    }

    /// A socket at `path` bound and listening, or bound only (`listening: false`): a path where nobody answers.
    static func listen(at path: String, listening: Bool = true) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8.prefix(raw.count - 1))
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0, !listening || Glibc.listen(descriptor, 8) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        return descriptor
    }

    private static func read(_ connection: Int32) -> Request? {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = data.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                if data.count - end.upperBound >= length {
                    let words = head[0].split(separator: " ")
                    let body = data[end.upperBound..<(end.upperBound + length)]
                    return Request(
                        method: String(words[0]),
                        target: String(words[1]),
                        headers: headers,
                        body: String(decoding: body, as: UTF8.self)
                    )
                }
            }
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: chunk[..<count])
        }
    }

    private static func waitForClose(_ connection: Int32) {
        var chunk = [UInt8](repeating: 0, count: 512)
        while recv(connection, &chunk, chunk.count, 0) > 0 {}
    }

    private static func write(_ reply: Reply, to connection: Int32) {
        let body = Array(reply.body.utf8)
        var head = "HTTP/1.1 \(reply.status) Reply\r\nContent-Type: application/json\r\n"
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            sent += count
        }
    }
}
