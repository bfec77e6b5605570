#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange with curfewd on a connected Unix socket, with plain blocking system calls.
///
/// A command sends one request and reads one reply (or one event stream), so it needs no event loop and none of its
/// threads: starting and stopping them was most of what a call of curfewctl cost. The request is written as bytes
/// (`RequestHead`) and the reply read by `ReplyParser`; everything happens inside one synchronous call.
public final class DaemonConnection {
    private let descriptor: Int32

    /// Connects to `socketPath`, waiting at most `connectTimeout` when its backlog is full (curfewd restarting
    /// under socket activation).
    public init(socketPath: String, connectTimeout: Duration) throws(DaemonConnectionError) {
        descriptor = try Self.connect(to: socketPath, timeout: connectTimeout)
    }

    private static func connect(to socketPath: String, timeout: Duration) throws(DaemonConnectionError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard !path.isEmpty, path.count < MemoryLayout.size(ofValue: address.sun_path), !path.contains(0) else {
            throw .unusablePath
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system("socket", errno) }
        // For a Unix socket, connect waits in a full backlog as long as the send timeout says.
        var limit = socketTimeout(timeout)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<Glibc.timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                retryingInterrupts { Glibc.connect(descriptor, address, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
        guard connected == 0 else {
            let error = errno
            close(descriptor)
            throw error == EAGAIN || error == EINPROGRESS ? .connectTimedOut : .system("connect", error)
        }
        return descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends the request whole; curfewd closes the connection after its reply.
    public func send(_ head: RequestHead, body: [UInt8]?) throws(DaemonConnectionError) {
        var bytes = head.bytes
        if let body { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { raw in
                Self.retryingInterrupts { Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) }
            }
            guard count > 0 else { throw count == 0 ? .closedBeforeReply : Self.sendError(errno) }
            sent += count
        }
    }

    /// Hands each part of the reply to `receive` as it arrives, until the reply ends. Each wait for more bytes lasts
    /// at most `idleTimeout`, and all of them together end at `deadline` when there is one.
    public func receive(
        idleTimeout: Duration,
        deadline: ContinuousClock.Instant? = nil,
        _ receive: (DaemonReplyPart) throws -> Void
    ) throws {
        var parser = ReplyParser()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            var wait = idleTimeout
            if let deadline { wait = min(wait, deadline - .now) }
            guard wait > .zero else { throw DaemonConnectionError.replyTimedOut }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = Self.retryingInterrupts { poll(&poller, 1, Self.milliseconds(wait)) }
            guard ready >= 0 else { throw DaemonConnectionError.system("poll", errno) }
            guard ready > 0 else { throw DaemonConnectionError.replyTimedOut }
            let count = Self.retryingInterrupts { recv(descriptor, &chunk, chunk.count, 0) }
            guard count >= 0 else { throw DaemonConnectionError.system("recv", errno) }
            let parts: [DaemonReplyPart]
            do {
                parts = count == 0 ? try parser.finish() : try parser.feed(chunk[..<count])
            } catch {
                throw count == 0 ? DaemonConnectionError.closedBeforeReply : DaemonConnectionError.badReply("\(error)")
            }
            for part in parts {
                try receive(part)
                if case .end = part { return }
            }
        }
    }

    private static func sendError(_ error: Int32) -> DaemonConnectionError {
        error == EPIPE || error == ECONNRESET ? .closedBeforeReply : .system("send", error)
    }

    private static func socketTimeout(_ amount: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = amount.components
        let microseconds = max(seconds * 1_000_000 + attoseconds / 1_000_000_000_000, 1)
        return Glibc.timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
    }

    /// A wait for poll(2), rounded up to whole milliseconds.
    private static func milliseconds(_ amount: Duration) -> Int32 {
        let (seconds, attoseconds) = amount.components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    private static func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}

/// Why an exchange with curfewd failed, before any reply could be read as one.
public enum DaemonConnectionError: Error, Equatable {
    /// A system call failed with this errno.
    case system(String, Int32)
    /// Not a path a Unix socket can have (empty, too long, a NUL inside).
    case unusablePath
    case connectTimedOut
    case replyTimedOut
    case closedBeforeReply
    case badReply(String)
    /// The reply is larger than this many bytes.
    case tooLarge(Int)
}

/// A reply read whole: its status and body as they came.
public struct DaemonResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
}

extension DaemonConnection {
    /// The largest reply curfewctl reads.
    public static let largestReply = 16 << 20

    /// The request line and headers curfewctl sends; `Connection: close`, since every request has its own connection.
    public static func head(
        _ method: RequestHead.Method,
        _ uri: String,
        accept: String = "application/json",
        bodyLength: Int?,
        idempotencyKey: String? = nil,
        lastEventID: Int64? = nil
    ) -> RequestHead {
        var head = RequestHead(method: method, uri: uri)
        head.add("Host", "curfew")
        head.add("Accept", accept)
        head.add("Connection", "close")
        if let lastEventID {
            head.add("Last-Event-ID", String(lastEventID))
        }
        if let bodyLength {
            head.add("Content-Type", "application/json")
            head.add("Content-Length", String(bodyLength))
        } else if method == .POST || method == .PATCH {
            head.add("Content-Length", "0")
        }
        if let idempotencyKey {
            head.add("Idempotency-Key", idempotencyKey)
        }
        return head
    }

    /// One request and its whole reply, within `replyTimeout`.
    public static func exchange(
        socketPath: String,
        head: RequestHead,
        body: [UInt8]?,
        connectTimeout: Duration,
        replyTimeout: Duration
    ) throws -> DaemonResponse {
        let deadline = ContinuousClock.now + replyTimeout
        let connection = try DaemonConnection(socketPath: socketPath, connectTimeout: connectTimeout)
        try connection.send(head, body: body)
        var reply = DaemonResponse(status: 0, body: [])
        try connection.receive(idleTimeout: replyTimeout, deadline: deadline) { part in
            switch part {
            case .head(let status): reply.status = status
            case .body(let bytes):
                guard reply.body.count + bytes.count <= largestReply else {
                    throw DaemonConnectionError.tooLarge(largestReply)
                }
                reply.body += bytes
            case .end: break
            }
        }
        return reply
    }
}
