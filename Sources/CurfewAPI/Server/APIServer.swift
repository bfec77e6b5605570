import CurfewCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The admin API on its Unix socket: routes, caller identification, error shapes, and the socket's permissions.
public enum APIServer {
    /// Every route, behind the error and access middlewares.
    public static func router(
        _ env: APIEnvironment,
        identify: @escaping @Sendable (any Channel) async throws -> PeerCredentials = PeerCredentials.of
    ) -> Router<CurfewRequestContext> {
        let router = Router(context: CurfewRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: AccessMiddleware(settings: env.settings, store: env.store, identify: identify)
        )
        TerminationRoutes(env: env).add(to: router)
        FleetRoutes(env: env).add(to: router)
        SessionRoutes(env: env).add(to: router)
        StatusRoutes(env: env).add(to: router)
        MeRoutes(env: env).add(to: router)
        DesktopNoticeRoutes(env: env).add(to: router)
        EventRoutes(env: env).add(to: router)
        PolicyRoutes(env: env).add(to: router)
        GateRoutes(env: env).add(to: router)
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// The server as a service on `socket`. A path is bound here (replacing a stale socket) and given the configured
    /// mode and group; an inherited socket keeps what its unit gave it. Then `onListening` is called with nil, or
    /// with the reason the socket could not be given its permissions (the caller must not go on serving a socket
    /// the admins cannot reach).
    public static func service(
        _ env: APIEnvironment,
        socket: APISocket,
        logger: Logger,
        onListening: @escaping @Sendable (SystemCallFailure?) async -> Void = { _ in }
    ) throws -> some Service {
        let config = env.config
        if case .path(let path) = socket {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        }
        return APIListener(socket: socket, responder: router(env).buildResponder(), logger: logger) {
            guard case .path(let path) = socket else { return await onListening(nil) }
            do throws(SystemCallFailure) {
                try SocketPermissions.restrict(
                    path: path,
                    mode: config.socketMode,
                    group: config.socketGroup ?? config.adminGroup,
                    logger: logger
                )
                await onListening(nil)
            } catch {
                await onListening(error)
            }
        }
    }
}

/// The socket is the API's only door: by default owner root, group admin, mode 0660, so the kernel itself keeps
/// strangers out before SO_PEERCRED is even asked.
enum SocketPermissions {
    static func restrict(path: String, mode: UInt16, group: String, logger: Logger) throws(SystemCallFailure) {
        guard chmod(path, mode_t(mode)) == 0 else {
            throw SystemCallFailure("cannot set mode \(String(mode, radix: 8)) on \(path)", errno: errno)
        }
        guard let gid = UserDatabase.groupID(named: group) else {
            // Safe, if unhelpful: the socket stays root's, and root is always an admin.
            logger.warning("group '\(group)' does not exist; \(path) stays in group root, so only root can use it")
            return
        }
        guard chown(path, UInt32.max, gid) == 0 else {
            throw SystemCallFailure("cannot give \(path) to group \(group)", errno: errno)
        }
    }
}

/// A system call that failed, with what was being done and errno.
public struct SystemCallFailure: Error, Sendable, CustomStringConvertible {
    public var what: String
    public var errno: Int32

    init(_ what: String, errno: Int32) {
        self.what = what
        self.errno = errno
    }

    public var description: String { "\(what): \(String(cString: strerror(errno)))" }
}
