import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP/1.1 over a Unix socket, for talking to a curfewd API (in process or a running daemon).
struct SocketClient: Sendable {
    let socket: String
    let client: HTTPClient

    /// `connections` is how many requests may be in flight at once, each on its own connection.
    init(socket: String, connections: Int = 1) {
        self.socket = socket
        client = HTTPClient(
            configuration: .init(
                connectionPool: .init(
                    idleTimeout: .seconds(60),
                    concurrentHTTP1ConnectionsPerHostSoftLimit: connections
                )
            )
        )
    }

    /// Runs `body` with a client, shut down afterwards whether it threw or not.
    static func with<T>(
        socket: String,
        connections: Int = 1,
        _ body: (SocketClient) async throws -> T
    ) async throws -> T {
        let client = SocketClient(socket: socket, connections: connections)
        do {
            let result = try await body(client)
            try await client.client.shutdown()
            return result
        } catch {
            try? await client.client.shutdown()
            throw error
        }
    }

    /// Sends one request; returns the status and the body.
    func send(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (status: UInt, body: Data) {
        guard let url = URL(httpURLWithSocketPath: socket, uri: path) else { throw ValidationError("bad socket path") }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (response.status.code, Data(bytes.readableBytesView))
    }
}
