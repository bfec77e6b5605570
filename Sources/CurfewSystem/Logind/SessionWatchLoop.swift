import CurfewCore
import Foundation
import Glibc

/// The session watcher's thread: connects, follows the signals, and connects again after a failure. Owns its
/// connection alone, as sd-bus requires; it blocks only in `poll` and in calls to logind.
final class SessionWatchLoop {
    private let watcher: SessionWatcher
    /// Outlives every connection: their matches point at it.
    private let inbox = SignalInbox()
    private var reconnect = ReconnectBackoff()
    private var resync = ReconnectBackoff()

    /// The sessions by object path; nil while not synced.
    private var sessions: [String: Session]?
    /// When to list again (CLOCK_MONOTONIC µs); nil to wait for logind to take its name.
    private var resyncAt: UInt64?
    /// When to read again the sessions that are still opening.
    private var refreshAt: UInt64?

    private static let openingRefresh: UInt64 = 250_000

    init(watcher: SessionWatcher) {
        self.watcher = watcher
    }

    func run() {
        while !watcher.isStopping {
            do {
                let bus = try BusConnection.open(address: watcher.address)
                for rule in SessionSignal.rules {
                    try bus.addMatch(rule, to: inbox)
                }
                reconnect.reset()
                try follow(bus)
            } catch {
                sessions = nil
                watcher.publish(nil)
                let delay = reconnect.next()
                // Said once per outage; the tries that follow are routine.
                if reconnect.count == 1 {
                    watcher.logger.warning("session watcher: \(error); connecting again with back-off up to 5 s")
                }
                do {
                    try wait(until: monotonicMicroseconds() + UInt64(delay * 1_000_000), on: nil)
                } catch {
                    watcher.logger.error("session watcher: \(error)")
                    usleep(UInt32(delay * 1_000_000))
                }
            }
        }
        watcher.publish(nil)
    }

    /// Lists, then applies the signals as they come, until stopped; throws once the connection is useless.
    private func follow(_ bus: BusConnection) throws {
        sessions = nil
        resyncAt = 0
        refreshAt = nil
        resync.reset()
        while !watcher.isStopping {
            let now = monotonicMicroseconds()
            if let due = resyncAt, due <= now {
                try sync(bus)
            }
            if let due = refreshAt, due <= now {
                try refreshOpening(bus)
            }
            try bus.process()
            let signals = inbox.take()
            guard signals.isEmpty else {
                for signal in signals {
                    try apply(signal, on: bus)
                }
                scheduleRefresh()
                watcher.publish(sessions)
                continue
            }
            let request = try bus.pollRequest()
            let deadline = [resyncAt, refreshAt, request.deadline].compactMap { $0 }.min()
            try wait(until: deadline, on: (request.descriptor, request.events))
        }
    }

    /// One full list; on failure (logind away) the map stays dropped and the list is tried again with back-off.
    private func sync(_ bus: BusConnection) throws {
        do {
            let objects = try bus.listSessionObjects()
            sessions = Dictionary(objects, uniquingKeysWith: { _, last in last })
            resyncAt = nil
            resync.reset()
            scheduleRefresh()
            watcher.publish(sessions)
            if watcher.syncs > 0 {
                watcher.logger.info("session watcher: logind answers again; \(objects.count) sessions")
            }
            watcher.didSync()
        } catch  where !bus.isOpen || meansDisconnected(error) {
            throw error
        } catch {
            drop(retryingIn: resync.next())
            if resync.count == 1 {
                watcher.logger.warning("session watcher: cannot list sessions: \(error); waiting for logind")
            }
        }
    }

    private func apply(_ signal: SessionSignal, on bus: BusConnection) throws {
        switch signal {
        case .logindOwner(let owner):
            // Gone: wait for its return. Back (or replaced): what it knows now is listed at once.
            drop(retryingIn: owner.isEmpty ? nil : 0)
            if owner.isEmpty { watcher.logger.warning("session watcher: logind left the bus") }
            resync.reset()
        case .sessionNew(let id, let path):
            try read(ListedSession(id: id, uid: 0, user: "", seat: "", path: path), on: bus)
        case .propertiesChanged(let path):
            guard let known = sessions?[path] else { return }
            try read(ListedSession(id: known.id, uid: known.uid, user: known.user, seat: "", path: path), on: bus)
        case .sessionRemoved(_, let path):
            sessions?[path] = nil
        case .unreadable(let reason):
            watcher.logger.warning("session watcher: \(reason); listing again")
            drop(retryingIn: 0)
        }
    }

    /// Reads one session into the map (or drops it, when it already ended); nothing while not synced, since the
    /// next list will have it.
    private func read(_ listed: ListedSession, on bus: BusConnection) throws {
        guard sessions != nil else { return }
        do {
            sessions?[listed.path] = try bus.readSession(listed: listed)
        } catch  where !bus.isOpen || meansDisconnected(error) {
            throw error
        } catch {
            watcher.logger.warning("session watcher: cannot read session \(listed.id): \(error); listing again")
            drop(retryingIn: resync.next())
        }
    }

    private func refreshOpening(_ bus: BusConnection) throws {
        refreshAt = nil
        for (path, session) in sessions ?? [:] where Self.mayStillChange(session) {
            try read(ListedSession(id: session.id, uid: session.uid, user: session.user, seat: "", path: path), on: bus)
        }
        scheduleRefresh()
        watcher.publish(sessions)
    }

    /// A session still opening, or one seen without a terminal in its first seconds: logind (sshd through PAM) may
    /// fill in the TTY after announcing the session, with no signal; read such sessions again until settled.
    private static func mayStillChange(_ session: Session) -> Bool {
        session.settling(at: Date()) != nil
    }

    private func scheduleRefresh() {
        guard refreshAt == nil, sessions?.values.contains(where: Self.mayStillChange) == true else { return }
        refreshAt = monotonicMicroseconds() + Self.openingRefresh
    }

    /// Forgets the map until the next list, which comes after `delay` seconds (nil: when logind returns).
    private func drop(retryingIn delay: Double?) {
        sessions = nil
        refreshAt = nil
        resyncAt = delay.map { monotonicMicroseconds() + UInt64($0 * 1_000_000) }
        watcher.publish(nil)
    }

    /// Sleeps in `poll` until `deadline` (µs, CLOCK_MONOTONIC; nil: no deadline), the connection has something, or
    /// the watcher is told to stop.
    private func wait(
        until deadline: UInt64?,
        on connection: (descriptor: Int32, events: Int16)?
    ) throws(SystemCallError) {
        var timeout: Int32 = -1
        if let deadline {
            let now = monotonicMicroseconds()
            timeout = deadline <= now ? 0 : Int32(clamping: (deadline - now + 999) / 1_000)
        }
        var descriptors = [pollfd(fd: watcher.wakeup.descriptor, events: Int16(POLLIN), revents: 0)]
        if let connection {
            descriptors.append(pollfd(fd: connection.descriptor, events: connection.events, revents: 0))
        }
        // EINTR is a wake-up like any other: the loop looks at everything again.
        guard poll(&descriptors, nfds_t(descriptors.count), timeout) >= 0 || errno == EINTR else {
            throw SystemCallError("poll", errno: errno)
        }
    }
}
