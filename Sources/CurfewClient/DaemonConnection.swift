import NIOCore
import NIOEmbedded
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange with curfewd on a connected Unix socket, with plain blocking system calls.
///
/// A command sends one request and reads one reply (or one event stream), so it needs no event loop and none of its
/// threads: starting and stopping them was most of what a call of curfewctl cost. The bytes are still written and
/// read by swift-nio's own HTTP/1.1 encoder and decoder, run by hand in an `EmbeddedChannel`. Everything happens
/// inside one synchronous call, on one thread, as `EmbeddedChannel` requires.
public final class DaemonConnection {
    private let descriptor: Int32
    private let codec: EmbeddedChannel

    /// Connects to `socketPath`, waiting at most `connectTimeout` when its backlog is full (curfewd restarting
    /// under socket activation).
    public init(socketPath: String, connectTimeout: TimeAmount) throws(DaemonConnectionError) {
        let descriptor = try Self.connect(to: socketPath, timeout: connectTimeout)
        let codec = EmbeddedChannel()
        do {
            try codec.pipeline.syncOperations.addHTTPClientHandlers()
        } catch {
            close(descriptor)
            throw .badRequest("\(error)")
        }
        self.descriptor = descriptor
        self.codec = codec
    }

    private static func connect(to socketPath: String, timeout: TimeAmount) throws(DaemonConnectionError) -> Int32 {
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
        _ = try? codec.finish(acceptAlreadyClosed: true)
        close(descriptor)
    }

    /// Sends the request whole; curfewd closes the connection after its reply.
    public func send(_ head: HTTPRequestHead, body: [UInt8]?) throws(DaemonConnectionError) {
        var bytes: [UInt8] = []
        do {
            try codec.writeOutbound(HTTPClientRequestPart.head(head))
            if let body { try codec.writeOutbound(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try codec.writeOutbound(HTTPClientRequestPart.end(nil))
            while let data = try codec.readOutbound(as: IOData.self) {
                guard case .byteBuffer(let buffer) = data else { continue }
                bytes += buffer.readableBytesView
            }
        } catch {
            throw .badRequest("\(error)")
        }
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
        idleTimeout: TimeAmount,
        deadline: NIODeadline? = nil,
        _ receive: (HTTPClientResponsePart) throws -> Void
    ) throws {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            var wait = idleTimeout
            if let deadline { wait = min(wait, deadline - NIODeadline.now()) }
            guard wait > .nanoseconds(0) else { throw DaemonConnectionError.replyTimedOut }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: (wait.nanoseconds + 999_999) / 1_000_000)
            let ready = Self.retryingInterrupts { poll(&poller, 1, milliseconds) }
            guard ready >= 0 else { throw DaemonConnectionError.system("poll", errno) }
            guard ready > 0 else { throw DaemonConnectionError.replyTimedOut }
            let count = Self.retryingInterrupts { recv(descriptor, &chunk, chunk.count, 0) }
            guard count >= 0 else { throw DaemonConnectionError.system("recv", errno) }
            do {
                if count == 0 {
                    // The end of a reply without a length, or a connection closed half way (the decoder says which).
                    codec.pipeline.fireChannelInactive()
                } else {
                    try codec.writeInbound(ByteBuffer(bytes: chunk[..<count]))
                }
            } catch {
                throw DaemonConnectionError.badReply("\(error)")
            }
            while let part = try readPart() {
                try receive(part)
                if case .end = part { return }
            }
            if count == 0 { throw DaemonConnectionError.closedBeforeReply }
        }
    }

    private func readPart() throws(DaemonConnectionError) -> HTTPClientResponsePart? {
        do {
            return try codec.readInbound(as: HTTPClientResponsePart.self)
        } catch {
            throw .badReply("\(error)")
        }
    }

    private static func sendError(_ error: Int32) -> DaemonConnectionError {
        error == EPIPE || error == ECONNRESET ? .closedBeforeReply : .system("send", error)
    }

    private static func socketTimeout(_ amount: TimeAmount) -> Glibc.timeval {
        let microseconds = max(amount.nanoseconds / 1000, 1)
        return Glibc.timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
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
    case badRequest(String)
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
        _ method: HTTPMethod,
        _ uri: String,
        accept: String = "application/json",
        bodyLength: Int?,
        idempotencyKey: String? = nil,
        lastEventID: Int64? = nil
    ) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: uri)
        head.headers.add(name: "Host", value: "curfew")
        head.headers.add(name: "Accept", value: accept)
        head.headers.add(name: "Connection", value: "close")
        if let lastEventID {
            head.headers.add(name: "Last-Event-ID", value: String(lastEventID))
        }
        if let bodyLength {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(bodyLength))
        } else if method == .POST || method == .PATCH {
            head.headers.add(name: "Content-Length", value: "0")
        }
        if let idempotencyKey {
            head.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        }
        return head
    }

    /// One request and its whole reply, within `replyTimeout`.
    public static func exchange(
        socketPath: String,
        head: HTTPRequestHead,
        body: [UInt8]?,
        connectTimeout: TimeAmount,
        replyTimeout: TimeAmount
    ) throws -> DaemonResponse {
        let deadline = NIODeadline.now() + replyTimeout
        let connection = try DaemonConnection(socketPath: socketPath, connectTimeout: connectTimeout)
        try connection.send(head, body: body)
        var reply = DaemonResponse(status: 0, body: [])
        try connection.receive(idleTimeout: replyTimeout, deadline: deadline) { part in
            switch part {
            case .head(let head): reply.status = Int(head.status.code)
            case .body(let buffer):
                guard reply.body.count + buffer.readableBytes <= largestReply else {
                    throw DaemonConnectionError.tooLarge(largestReply)
                }
                reply.body += buffer.readableBytesView
            case .end: break
            }
        }
        return reply
    }
}
