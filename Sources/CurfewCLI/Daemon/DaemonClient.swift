import CurfewClient
import CurfewCore
import Foundation

/// HTTP/1.1 + JSON with curfewd over its Unix socket, one connection per request (`DaemonConnection`). Every failure
/// comes out as a `CommandFailure`: an error reply exits 1, a daemon that cannot be reached exits 3 and names the
/// socket.
struct DaemonClient: Sendable {
    let socketPath: String
    let replyTimeout: Duration
    var connectTimeout = Self.defaultConnectTimeout

    /// A Unix socket answers at once or not at all.
    static let defaultConnectTimeout = Duration.seconds(2)
    /// Ending sessions now waits up to 10 s in the daemon for logind; everything else answers in milliseconds.
    static let defaultReplyTimeout = Duration.seconds(15)

    /// Runs `body` with a client for the daemon at `socketPath`.
    static func with<Result>(
        socketPath: String,
        replyTimeout: Duration = defaultReplyTimeout,
        _ body: (DaemonClient) async throws -> Result
    ) async throws -> Result {
        try await body(DaemonClient(socketPath: socketPath, replyTimeout: replyTimeout))
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
                body: try APIJSON.encode(body),
                idempotencyKey: idempotencyKey
            )
        )
    }

    func patch(_ path: String, body: some Encodable) async throws -> DaemonReply {
        try await send(DaemonRequest(method: .PATCH, path: path, body: try APIJSON.encode(body)))
    }

    /// Sends a request; a non-2xx reply throws what the daemon said.
    func send(_ request: DaemonRequest) async throws -> DaemonReply {
        let reply: DaemonReply
        do {
            reply = try exchange(request)
        } catch DaemonConnectionError.replyTimedOut where request.idempotencyKey != nil {
            // The daemon may have acted before its reply was lost: the same key makes it return that job, not a second.
            do {
                reply = try exchange(request)
            } catch {
                throw failure(for: error)
            }
        } catch {
            throw failure(for: error)
        }
        guard (200..<300).contains(reply.status) else { throw reply.failure }
        return reply
    }

    /// One request and its whole reply, within `replyTimeout`.
    func exchange(_ request: DaemonRequest) throws -> DaemonReply {
        let reply = try DaemonConnection.exchange(
            socketPath: socketPath,
            head: request.head,
            body: request.body.map(Array.init),
            connectTimeout: connectTimeout,
            replyTimeout: replyTimeout
        )
        return DaemonReply(status: reply.status, body: Data(reply.body))
    }

    /// Why the exchange failed, in words that name the socket and say what usually helps.
    func failure(for error: any Error) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        guard let error = error as? DaemonConnectionError else {
            return .unreachable(socketPath, because: "\(error)", hint: "is curfewd running?")
        }
        switch error {
        case .system(_, let code) where code == EACCES || code == EPERM:
            return .unreachable(
                socketPath,
                because: String(cString: strerror(code)),
                hint: "root and the socket's group may use it; try sudo"
            )
        case .system(_, let code):
            return .unreachable(socketPath, because: String(cString: strerror(code)), hint: "is curfewd running?")
        case .unusablePath:
            return .unreachable(
                socketPath,
                because: "the path cannot be used as a socket address",
                hint: "check --socket"
            )
        case .connectTimedOut:
            return .unreachable(socketPath, because: "connecting timed out", hint: "is curfewd running?")
        case .replyTimedOut:
            return .unreachable(
                socketPath,
                because: "no reply within \(DurationText.spoken(Self.seconds(replyTimeout)))",
                hint: "the request may still take effect; check with curfewctl list"
            )
        case .closedBeforeReply:
            return .unreachable(
                socketPath,
                because: "the connection closed before a reply",
                hint: "is curfewd restarting?"
            )
        case .tooLarge(let limit):
            return CommandFailure("curfewd's reply is larger than \(limit >> 20) MiB")
        case .badReply(let reason):
            return .unreachable(socketPath, because: "the reply is not HTTP/1.1 (\(reason))", hint: "check --socket")
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
