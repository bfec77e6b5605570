import CurfewWebhooks
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP receiver on 127.0.0.1 that records every POST, checks its signature, and answers with the status the
/// test chooses. It can go away (nothing listening) and come back on the same port. Every answer says `Connection:
/// close`, so the client keeps no connection that the receiver's going away could close under it: after `stop()` the
/// next POST is refused, whatever the timing.
final class WebhookReceiver: Sendable {
    struct Received: Sendable, Equatable {
        var delivery: String
        var event: String
        var eventID: Int64
        var body: Data
        var signatureIsValid: Bool
        /// The status it was answered with.
        var status: Int
    }

    private struct State {
        var received: [Received] = []
        var status = 200
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    let secret: String
    /// The time signatures are checked at.
    let now: @Sendable () -> Date
    private let state = Mutex(State())
    private(set) nonisolated(unsafe) var port = 0
    /// Every POST as it is recorded, for a test to wait on.
    let arrivals: AsyncStream<Received>
    private let arrived: AsyncStream<Received>.Continuation

    init(secret: String, now: @escaping @Sendable () -> Date = { Date() }) async throws {
        self.secret = secret
        self.now = now
        (arrivals, arrived) = AsyncStream.makeStream()
        try await start()
    }

    /// Listens (again) on its port, a fresh one the first time.
    func start() async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                self.state.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
                channel.closeFuture.whenComplete { _ in
                    _ = self.state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
                }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RecordingHandler(receiver: self))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        port = channel.localAddress?.port ?? 0
        state.withLock { $0.listener = channel }
    }

    /// Goes away: stops listening and closes every open connection (none is left idle: see above).
    func stop() async throws {
        let (listener, connections) = state.withLock { state in
            defer {
                state.listener = nil
                state.connections = [:]
            }
            return (state.listener, Array(state.connections.values))
        }
        try await listener?.close()
        for connection in connections { try? await connection.close() }
    }

    /// What it answers from now on.
    func answer(_ status: Int) { state.withLock { $0.status = status } }

    /// From now on it reads each POST and never answers (recorded with status 0).
    func neverAnswer() { answer(Self.silent) }

    fileprivate static let silent = 0

    var received: [Received] { state.withLock { $0.received } }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    fileprivate func record(head: HTTPRequestHead, body: Data) -> Int {
        let signature = head.headers["Curfew-Signature"].first ?? ""
        let (received, status) = state.withLock { state in
            let received = Received(
                delivery: head.headers["Curfew-Delivery"].first ?? "",
                event: head.headers["Curfew-Event"].first ?? "",
                eventID: Int64(head.headers["Curfew-Event-Id"].first ?? "") ?? -1,
                body: body,
                signatureIsValid: WebhookSignature.isValid(
                    header: signature,
                    body: body,
                    secret: secret,
                    now: now()
                ),
                status: state.status
            )
            state.received.append(received)
            return (received, state.status)
        }
        arrived.yield(received)
        return status
    }
}

private final class RecordingHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let receiver: WebhookReceiver
    var head: HTTPRequestHead?
    var body = Data()

    init(receiver: WebhookReceiver) { self.receiver = receiver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let status = receiver.record(head: head, body: body)
            guard status != WebhookReceiver.silent else { return }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "0")
            headers.add(name: "Connection", value: "close")
            let response = HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
