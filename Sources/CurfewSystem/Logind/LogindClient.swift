import CurfewCore
import Dispatch
import Foundation
import Synchronization

/// logind's sessions over D-Bus (`org.freedesktop.login1`, through sd-bus): lists them and ends them.
///
/// The connection is made on first use; a call that finds it gone (D-Bus or logind restarted) is made once more on a
/// new one at once, so a restart costs the caller nothing. Calls block in sd-bus, so they run one at a time on a private
/// serial queue, never on the caller's thread.
public final class LogindClient: LoginSessions {
    private let busAddress: String?
    private let queue = DispatchQueue(label: "curfew.logind")
    /// Only touched on `queue`; the lock makes that checkable.
    private let connection = Mutex<BusConnection?>(nil)

    /// - Parameter busAddress: nil for the system bus (which honours `DBUS_SYSTEM_BUS_ADDRESS`), or a D-Bus address
    ///   such as `unix:path=/proc/PID/root/run/dbus/system_bus_socket` to reach a container's bus.
    public init(busAddress: String? = nil) {
        self.busAddress = busAddress
    }

    /// Every current session, with all its properties; a session that ends while it is being read is left out.
    public func list() async throws -> [Session] {
        try await withConnection { bus in
            let listed = try bus.call(.listSessions).readArray(of: "(susso)") { message throws(SystemCallError) in
                try ListedSession(reading: message)
            }
            return try listed.compactMap { entry in
                do {
                    let reply = try bus.call(.getAllProperties(of: entry.path), BusMethod.sessionInterface)
                    return Session(listed: entry, properties: try reply.readProperties())
                } catch let error as BusMethodError where error.meansSessionGone {
                    return nil
                }
            }
        }
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
            guard !bus.isOpen || Self.meansDisconnected(error) else { throw error }
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
                if !fresh.isOpen || Self.meansDisconnected(error) { connection = nil }
                throw error
            }
        }
    }

    /// Errors after which the connection is useless: the bus went away or was never there.
    private static func meansDisconnected(_ error: any Error) -> Bool {
        let code: Int32
        switch error {
        case let error as BusMethodError: code = error.errno
        case let error as SystemCallError: code = error.errno
        default: return false
        }
        return [ECONNRESET, ENOTCONN, EPIPE, ECONNREFUSED, ENOENT, ECONNABORTED, ESHUTDOWN].contains(code)
    }
}
