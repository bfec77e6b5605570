import CurfewCore
import Dispatch
import Foundation
import Logging
import Synchronization

/// Knows logind's sessions without asking for them: one full list when it (re)connects, then `SessionNew` and
/// `SessionRemoved` add and drop sessions, over its own sd-bus connection on a thread of its own.
///
/// What the map holds, and how fresh:
/// - Membership follows the signals. Everything targets match on (user, uid, remote host, service, TTY, class, type)
///   and what tells a session from a later one with its id (creation time) is read once, with `GetAll`, when the
///   session appears: logind sets these at `CreateSession` and never changes them.
/// - Properties logind announces with `PropertiesChanged` on the session (IdleHint, IdleSinceHint, LockedHint) are
///   followed: the session is read again.
/// - `State` changes without a signal. A session still `opening`, or without a TTY in its first 5 s (under load sshd's
///   terminal can come after `SessionNew`), is read again every 0.25 s until it is not; later
///   changes (`active` to `online` to `closing`) and the idle hint of a text session, which logind computes when
///   asked, are as last read. No target filter uses them.
///
/// When the bus or logind goes away the map is dropped (so callers list directly, and fail as logind does) and the
/// connection is made again with back-off (0.1 s doubling to 5 s). Each time a full list succeeds, `onLogindBack`
/// runs: logind answers again.
public final class SessionWatcher: Sendable {
    private struct State {
        /// By object path; nil while not connected and synced.
        var sessions: [String: Session]?
        var started = false
        var stopping = false
        var syncs = 0
    }

    let address: String?
    let logger: Logger
    let wakeup: Wakeup
    private let onLogindBack: @Sendable () -> Void
    private let onChange: @Sendable ([SessionChange]) -> Void
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameter address: nil for the system bus, or a D-Bus address (see `LogindClient`).
    init(
        address: String?,
        logger: Logger,
        onLogindBack: @escaping @Sendable () -> Void,
        onChange: @escaping @Sendable ([SessionChange]) -> Void = { _ in }
    ) throws(SystemCallError) {
        self.address = address
        self.logger = logger
        self.onLogindBack = onLogindBack
        self.onChange = onChange
        wakeup = try Wakeup()
    }

    /// Starts its thread; it connects at once.
    func start() {
        let first = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        Thread { [self] in
            SessionWatchLoop(watcher: self).run()
            finished.signal()
        }
        .start()
    }

    /// Stops the thread and waits for it (at most one sd-bus call, which logind answers in milliseconds).
    func stop() {
        let running = state.withLock { state in
            defer { state.stopping = true }
            return state.started && !state.stopping
        }
        guard running else { return }
        wakeup.signal()
        finished.wait()
    }

    /// The current sessions, as the signals left them; nil while the watcher is not connected and synced.
    var sessions: [Session]? {
        state.withLock { $0.sessions }.map { sessions in
            sessions.values.sorted { ($0.createdAt ?? .distantPast, $0.id) < ($1.createdAt ?? .distantPast, $1.id) }
        }
    }

    /// How many full lists succeeded: the first connection and every return of logind or the bus.
    var syncs: Int { state.withLock { $0.syncs } }

    // MARK: For the loop

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Puts the map in force and tells what changed: the whole list after (re)connecting, else each session that
    /// appeared, changed or ended. While logind is away nothing is told; its return brings the whole list.
    func publish(_ sessions: [String: Session]?) {
        let old = state.withLock { state in
            defer { state.sessions = sessions }
            return state.sessions
        }
        guard let sessions else { return }
        guard let old else {
            onChange([.listed(sessions.values.sorted { $0.id < $1.id })])
            return
        }
        var changes: [SessionChange] = []
        for (path, session) in sessions where old[path] != session {
            changes.append(.updated(session))
        }
        for (path, session) in old where sessions[path] == nil {
            changes.append(.closed(id: session.id))
        }
        if !changes.isEmpty { onChange(changes) }
    }

    /// A full list succeeded and is published.
    func didSync() {
        state.withLock { $0.syncs += 1 }
        onLogindBack()
    }
}
