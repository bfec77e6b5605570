import Hummingbird
import HummingbirdCore
import Glibc
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The HTTP server on the API socket, as a service. Hummingbird's own server can only bind a path itself; this one
/// also serves a socket systemd passed in, with Hummingbird's HTTP/1 channel and the router's responder. On
/// graceful shutdown it stops accepting and lets the requests in flight finish.
struct APIListener: Service {
    let socket: APISocket
    let responder: RouterResponder<CurfewRequestContext>
    let logger: Logger
    /// Called once the socket accepts connections.
    let onListening: @Sendable () async -> Void

    func run() async throws {
        let channel = HTTP1Channel(responder: respond)
        let group = MultiThreadedEventLoopGroup.singleton
        let quiescing = ServerQuiescingHelper(group: group)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelInitializer { server in
                server.eventLoop.makeCompletedFuture {
                    try server.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: server))
                }
            }
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let logger = self.logger
        let server: NIOAsyncChannel<HTTP1Channel.Value, Never>
        switch socket {
        case .inherited(let descriptor):
            server = try await bootstrap.bind(descriptor) { channel.setup(channel: $0, logger: logger) }
        case .path(let path):
            server = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) {
                channel.setup(channel: $0, logger: logger)
            }
        }
        await withGracefulShutdownHandler {
            await onListening()
            await withDiscardingTaskGroup { connections in
                do {
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask { await channel.handle(value: connection, logger: logger) }
                        }
                    }
                } catch {
                    logger.error("the API socket failed: \(error)")
                }
            }
        } onGracefulShutdown: {
            quiescing.initiateShutdown(promise: nil)
        }
        // A socket curfewd bound is curfewd's to remove: clients then find no socket rather than a dead one. An
        // inherited one belongs to curfewd.socket, which goes on listening.
        if case .path(let path) = socket { unlink(path) }
    }

    /// One request: the router's response, or 500 for an error no middleware turned into one (the error middleware
    /// shapes every error of ours).
    @Sendable
    private func respond(to request: Request, writer: consuming ResponseWriter, channel: any Channel) async throws {
        let context = CurfewRequestContext(source: .init(channel: channel, logger: logger))
        var response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch let error as HTTPParserError {
            throw error
        } catch {
            logger.error("unhandled error for \(request.method) \(request.uri.path): \(error)")
            response = Response(status: .internalServerError)
        }
        response.headers[.server] = "curfewd"
        response.headers[.date] = HTTPDate.string()
        try await writer.write(response: response.head, body: response.body)
    }
}
