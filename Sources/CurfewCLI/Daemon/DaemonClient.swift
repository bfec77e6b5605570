import AsyncHTTPClient
import CurfewCore
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP/1.1 + JSON with curfewd over its Unix socket. Every failure comes out as a `CommandFailure`: an error reply
/// exits 1, a daemon that cannot be reached exits 3 and names the socket.
struct DaemonClient: Sendable {
    let socketPath: String
    let replyTimeout: TimeAmount
    let http: HTTPClient

    /// A Unix socket answers at once or not at all.
    static let connectTimeout = TimeAmount.seconds(2)
    /// Ending sessions now waits up to 10 s in the daemon for logind; everything else answers in milliseconds.
    static let defaultReplyTimeout = TimeAmount.seconds(15)
    static let largestReply = 16 << 20

    /// Runs `body` with a client for the daemon at `socketPath`, shut down afterwards whatever happens.
    static func with<Result>(
        socketPath: String,
        replyTimeout: TimeAmount = defaultReplyTimeout,
        _ body: (DaemonClient) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: connectTimeout, read: replyTimeout)
        // Without this the pool retries a missing socket with backoff until the connect timeout, hiding errno.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        configuration.redirectConfiguration = .disallow
        return try await HTTPClient.withHTTPClient(configuration: configuration) { http in
            try await body(DaemonClient(socketPath: socketPath, replyTimeout: replyTimeout, http: http))
        }
    }

    func get(_ path: String, query: [(String, String?)] = []) async throws -> DaemonReply {
        try await send(DaemonRequest(method: .GET, path: path, query: query))
    }

    func delete(_ path: String, query: [(String, String?)] = []) async throws -> DaemonReply {
        try await send(DaemonRequest(method: .DELETE, path: path, query: query))
    }

    func post(_ path: String, body: some Encodable, idempotencyKey: String? = nil) async throws -> DaemonReply {
        try await send(
            DaemonRequest(
                method: .POST,
                path: path,
                body: try DaemonRequest.encode(body),
                idempotencyKey: idempotencyKey
            )
        )
    }

    func patch(_ path: String, body: some Encodable) async throws -> DaemonReply {
        try await send(DaemonRequest(method: .PATCH, path: path, body: try DaemonRequest.encode(body)))
    }

    /// Sends a request; a non-2xx reply throws what the daemon said.
    func send(_ request: DaemonRequest) async throws -> DaemonReply {
        let reply: DaemonReply
        do {
            reply = try await exchange(request)
        } catch let error as HTTPClientError where request.idempotencyKey != nil && Self.timedOut(error) {
            // The daemon may have acted before its reply was lost: the same key makes it return that job, not a second.
            do {
                reply = try await exchange(request)
            } catch {
                throw failure(for: error)
            }
        } catch {
            throw failure(for: error)
        }
        guard (200..<300).contains(reply.status) else { throw reply.failure }
        return reply
    }

    func exchange(_ request: DaemonRequest) async throws -> DaemonReply {
        let response = try await http.execute(request.httpRequest(socketPath: socketPath), timeout: replyTimeout)
        let body = try await response.body.collect(upTo: Self.largestReply)
        return DaemonReply(status: Int(response.status.code), body: Data(body.readableBytesView))
    }

    private static func timedOut(_ error: HTTPClientError) -> Bool {
        error == .readTimeout || error == .deadlineExceeded
    }

    /// Why the exchange failed, in words that name the socket and say what usually helps.
    func failure(for error: any Error) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        if let error = error as? IOError {
            let reason = String(cString: strerror(error.errnoCode))
            switch error.errnoCode {
            case EACCES, EPERM:
                return .unreachable(
                    socketPath,
                    because: reason,
                    hint: "root and the socket's group may use it; try sudo"
                )
            default:
                return .unreachable(socketPath, because: reason, hint: "is curfewd running?")
            }
        }
        if let error = error as? SocketAddressError {
            return .unreachable(socketPath, because: "\(error)", hint: "check --socket")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .deadlineExceeded:
                return .unreachable(
                    socketPath,
                    because: "no reply within \(DurationText.spoken(Double(replyTimeout.nanoseconds) / 1e9))",
                    hint: "the request may still take effect; check with curfewctl list"
                )
            case .connectTimeout:
                return .unreachable(socketPath, because: "connecting timed out", hint: "is curfewd running?")
            case .remoteConnectionClosed:
                return .unreachable(
                    socketPath,
                    because: "the connection closed before a reply",
                    hint: "is curfewd restarting?"
                )
            default:
                break
            }
        }
        return .unreachable(socketPath, because: "\(error)", hint: "is curfewd running?")
    }
}
