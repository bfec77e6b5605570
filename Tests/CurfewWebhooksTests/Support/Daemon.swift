import CurfewCore
import CurfewScheduler
import CurfewStore
import CurfewWebhooks
import Foundation
import Synchronization
import AsyncHTTPClient

/// A wall clock the test moves by hand; the outbox's waits end when it passes their deadline, or when their task is
/// cancelled, and not before: a wait has nothing to do with real time.
final class SteppedClock: WebhookClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UUID: Sleeper] = [:]
        /// Sleeps cancelled before they started waiting.
        var cancelled: Set<UUID> = []
    }

    private let state: Mutex<State>

    init(_ now: Date) { state = Mutex(State(now: now)) }

    func now() -> Date { state.withLock { $0.now } }

    func advance(to time: Date) {
        let woken = state.withLock { state in
            state.now = max(state.now, time)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    func sleep(until deadline: Date) async throws {
        let id = UUID()
        // Once the handler below is gone, so is any trace it left.
        defer { _ = state.withLock { $0.cancelled.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                guard let sleeper = state.sleepers.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return nil as Sleeper?
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}

/// logind in memory, with sessions that stay.
struct StillSessions: LoginSessions {
    var sessions: [Session]
    func list() async throws -> [Session] { sessions }
    func terminate(sessionID: String) async throws -> TerminateResult { .terminated }
}

struct SilentTerminals: NoticeDelivery {
    func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
        sessions.map { NoticeReceipt(sessionID: $0.id, delivery: .terminal) }
    }
}

/// The parts of curfewd that make and send events, on one database file: `restart()` builds them anew on it, as after
/// the daemon was killed and started again.
struct EventDaemon {
    static let alice = Session(id: "1", user: "alice", uid: 1000, remoteHost: "10.0.0.5", service: "sshd")
    static let bob = Session(id: "2", user: "bob", uid: 1001, tty: "tty2", service: "login")
    static let root = Caller(uid: 0, name: "root", pid: 42)

    let path: String
    let endpoints: [WebhookEndpoint]
    let clock: SteppedClock
    let http: HTTPClient
    var store: TerminationStore
    var scheduler: Scheduler
    var dispatcher: WebhookDispatcher

    init(endpoints: [WebhookEndpoint], clock: SteppedClock, http: HTTPClient) async throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("curfew-hooks-\(UUID().uuidString)")
            .appendingPathComponent("curfew.sqlite").path
        self.endpoints = endpoints
        self.clock = clock
        self.http = http
        (store, scheduler, dispatcher) = try await Self.boot(path, endpoints, clock, http)
    }

    mutating func restart() async throws {
        (store, scheduler, dispatcher) = try await Self.boot(path, endpoints, clock, http)
    }

    private static func boot(
        _ path: String,
        _ endpoints: [WebhookEndpoint],
        _ clock: SteppedClock,
        _ http: HTTPClient
    ) async throws -> (TerminationStore, Scheduler, WebhookDispatcher) {
        let store = try TerminationStore(path: path)
        try WebhookDispatcher.prepare(store: store, endpoints: endpoints, at: clock.now())
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: StillSessions(sessions: [alice, bob]),
            notifier: SilentTerminals(),
            config: LiveConfiguration(Configuration(environment: [:]))
        )
        _ = try await scheduler.start()
        let dispatcher = WebhookDispatcher(
            store: store,
            endpoints: endpoints,
            http: http,
            clock: clock,
            backoff: Backoff(initial: 1, cap: 60),
            timeout: .seconds(5)
        )
        return (store, scheduler, dispatcher)
    }

    /// A job on `user`'s sessions an hour or more ahead: it never fires during a test.
    @discardableResult
    func schedule(_ user: String, reason: String = "test") async throws -> Termination {
        try await scheduler.schedule(
            TerminationRequest(
                target: .user(user, .none),
                dueAt: Date().addingTimeInterval(3600),
                reason: reason,
                notices: NoticePlan.none,
                caller: Self.root
            )
        )
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
