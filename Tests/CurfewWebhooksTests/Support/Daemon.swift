import CurfewCore
import CurfewScheduler
import CurfewStore
import CurfewWebhooks
import Foundation
import Synchronization
import AsyncHTTPClient

/// A wall clock the test moves by hand; the outbox's waits end when it passes their deadline.
final class SteppedClock: WebhookClock {
    private let current: Mutex<Date>

    init(_ now: Date) { current = Mutex(now) }

    func now() -> Date { current.withLock { $0 } }

    func advance(to time: Date) { current.withLock { $0 = max($0, time) } }

    func sleep(until deadline: Date) async throws {
        while now() < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }
}

/// logind in memory, with sessions that stay.
struct StillSessions: LoginSessions {
    var sessions: [Session]
    func list() async throws -> [Session] { sessions }
    func terminate(sessionID: String) async throws -> TerminateResult { .terminated }
}

struct SilentTerminals: NoticeDelivery {
    func deliver(_ notice: Notice, to sessions: [Session]) async -> Int { sessions.count }
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
