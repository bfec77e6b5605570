import CurfewCore
import Dispatch
import Foundation
import Logging
import Synchronization

/// logind's sessions over D-Bus (`org.freedesktop.login1`, through sd-bus): lists them and ends them.
///
/// The connection is made on first use; a call that finds it gone (D-Bus or logind restarted) is made once more on a
/// new one at once, so a restart costs the caller nothing. Calls block in sd-bus, so they run one at a time on a private
/// serial queue, never on the caller's thread. Once `followSessions` runs, lists come from a `SessionWatcher`'s map
/// while it is synced, and from logind directly otherwise.
public final class LogindClient: LoginSessions {
    private let busAddress: String?
    private let queue = DispatchQueue(label: "curfew.logind")
    /// Only touched on `queue`; the lock makes that checkable.
    private let connection = Mutex<BusConnection?>(nil)
    private let watcher = Mutex<SessionWatcher?>(nil)

    /// - Parameter busAddress: nil for the system bus (which honours `DBUS_SYSTEM_BUS_ADDRESS`), or a D-Bus address
    ///   such as `unix:path=/proc/PID/root/run/dbus/system_bus_socket` to reach a container's bus.
    public init(busAddress: String? = nil) {
        self.busAddress = busAddress
    }

    deinit {
        stopFollowing()
    }

    /// Follows logind's sessions from now on (see `SessionWatcher`), so `list()` needs no call to logind.
    /// - Parameter onLogindBack: runs on the watcher's thread each time a full list succeeds: at the first connection,
    ///   and whenever logind or the bus comes back after going away. Keep it short.
    /// - Parameter onChange: runs on the watcher's thread with each change it sees, in order. Keep it short.
    public func followSessions(
        logger: Logger = Logger(label: "curfew.logind"),
        onLogindBack: @escaping @Sendable () -> Void = {},
        onChange: @escaping @Sendable ([SessionChange]) -> Void = { _ in }
    ) throws(SystemCallError) {
        let new = try SessionWatcher(
            address: busAddress,
            logger: logger,
            onLogindBack: onLogindBack,
            onChange: onChange
        )
        let old = watcher.withLock { watcher in
            defer { watcher = new }
            return watcher
        }
        old?.stop()
        new.start()
    }

    /// Stops following; `list()` asks logind again each time.
    public func stopFollowing() {
        watcher.withLock { watcher in
            defer { watcher = nil }
            return watcher
        }?.stop()
    }

    /// The watcher's sessions, if it follows them and is synced.
    var followedSessions: [Session]? { watcher.withLock { $0 }?.sessions }

    /// Full lists the watcher made, 0 when not following.
    var followedSyncs: Int { watcher.withLock { $0 }?.syncs ?? 0 }

    /// Every current session, with all its properties; a session that ends while it is being read is left out.
    public func list() async throws -> [Session] {
        if let followed = followedSessions { return followed }
        return try await withConnection { try $0.listSessions() }
    }

    /// Asks logind to end the session (`TerminateSession`); `.gone` when logind no longer knows it.
    /// - Throws: `BusMethodError` with logind's error name and message, or `SystemCallError` from sd-bus.
    public func terminate(sessionID: String) async throws -> TerminateResult {
        try await withConnection { bus in
            do {
                _ = try bus.call(.terminateSession, sessionID)
                return .terminated
            } catch let error as BusMethodError where error.name == BusMethodError.noSuchSession {
                return .gone
            }
        }
    }

    /// Runs `body` on the queue with a connection, connecting first if there is none.
    private func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (BusConnection) throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Swift.Result {
                        try self.connection.withLock { connection in
                            try Self.run(body, on: &connection, address: self.busAddress)
                        }
                    }
                )
            }
        }
    }

    private static func run<Result>(
        _ body: (BusConnection) throws -> Result,
        on connection: inout BusConnection?,
        address: String?
    ) throws -> Result {
        let reused = connection != nil
        let bus = try connection ?? BusConnection.open(address: address)
        connection = bus
        do {
            return try body(bus)
        } catch {
            // Dropped here, unref'd now, made again by the next call.
            guard !bus.isOpen || meansDisconnected(error) else { throw error }
            connection = nil
            // A connection kept from before a restart of the bus fails on first use: try once more on a new one
            // at once, rather than make the caller (a firing job) wait out its back-off. Both methods curfew
            // calls are safe to repeat: listing reads, and ending a session that already ended is `.gone`.
            guard reused else { throw error }
            let fresh = try BusConnection.open(address: address)
            connection = fresh
            do {
                return try body(fresh)
            } catch {
                if !fresh.isOpen || meansDisconnected(error) { connection = nil }
                throw error
            }
        }
    }
}
