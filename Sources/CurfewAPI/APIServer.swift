import CurfewCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The admin API on its Unix socket: routes, caller identification, error shapes, and the socket's permissions.
public enum APIServer {
    /// Every route, behind the error and access middlewares.
    public static func router(
        _ env: APIEnvironment,
        identify: @escaping @Sendable (any Channel) async throws -> PeerCredentials = PeerCredentials.of
    ) -> Router<CurfewRequestContext> {
        let router = Router(context: CurfewRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: AccessMiddleware(adminGroup: env.config.adminGroup, store: env.store, identify: identify)
        )
        TerminationRoutes(env: env).add(to: router)
        SessionRoutes(env: env).add(to: router)
        StatusRoutes(env: env).add(to: router)
        MeRoutes(env: env).add(to: router)
        return router
    }

    /// The server as a service: binds the socket (replacing a stale one), sets mode 0660 and the admin group on it,
    /// then calls `onListening`.
    public static func application(
        _ env: APIEnvironment,
        logger: Logger,
        onListening: @escaping @Sendable () async -> Void = {}
    ) throws -> some ApplicationProtocol {
        let path = env.config.socketPath
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let group = env.config.socketGroup ?? env.config.adminGroup
        let mode = env.config.socketMode
        return Application(
            router: router(env),
            configuration: .init(address: .unixDomainSocket(path: path), serverName: "curfewd"),
            onServerRunning: { _ in
                SocketPermissions.restrict(path: path, mode: mode, group: group, logger: logger)
                await onListening()
            },
            logger: logger
        )
    }
}

/// The socket is the API's only door: by default owner root, group admin, mode 0660, so the kernel itself keeps
/// strangers out before SO_PEERCRED is even asked.
enum SocketPermissions {
    static func restrict(path: String, mode: UInt16, group: String, logger: Logger) {
        if chmod(path, mode_t(mode)) != 0 {
            logger.error("cannot set mode \(String(mode, radix: 8)) on \(path): \(String(cString: strerror(errno)))")
        }
        guard let gid = UserDatabase.groupID(named: group) else {
            logger.warning("admin group '\(group)' does not exist; \(path) stays in its current group")
            return
        }
        if chown(path, UInt32.max, gid) != 0 {
            logger.error("cannot give \(path) to group \(group): \(String(cString: strerror(errno)))")
        }
    }
}
