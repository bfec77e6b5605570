import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// A scheduler on a real SQLite file with a manual clock, fake logind and a recording notifier; `restart()` builds
/// a new scheduler on the same file, as after a crash.
struct Harness {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21, a fixed point

    let directory: URL
    let clock: ManualClock
    let sessions: FakeSessions
    let notifier: RecordingNotifier
    /// The settings in force; a test may reload them as SIGHUP does.
    let settings: LiveConfiguration
    /// Terminal times and the user database, for policies.
    let terminals = FakeTerminals()
    let users = FakeUserDirectory()
    var store: TerminationStore
    var scheduler: Scheduler
    /// A disk that can fill up, when the test asks for one.
    let disk: PageBudget?

    init(
        sessions: [Session] = [],
        start: Date = Harness.start,
        disk: PageBudget? = nil,
        configure: (inout Configuration) -> Void = { _ in }
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-test-\(UUID().uuidString)")
        clock = ManualClock(now: start)
        self.sessions = FakeSessions(sessions)
        notifier = RecordingNotifier(clock: clock)
        var config = Configuration(environment: [:])
        configure(&config)
        settings = LiveConfiguration(config)
        store = try TerminationStore(path: directory.appendingPathComponent("curfew.sqlite").path, reserve: disk)
        self.disk = disk
        disk?.attach(store)
        scheduler = Scheduler(
            store: store,
            clock: clock,
            sessions: self.sessions,
            notifier: notifier,
            config: settings,
            terminals: terminals,
            directory: users
        )
        _ = try await scheduler.start()
    }

    /// A new store and scheduler on the same database file, as after the daemon was killed and started again.
    @discardableResult
    mutating func restart() async throws -> Scheduler.Recovery {
        store = try TerminationStore(path: directory.appendingPathComponent("curfew.sqlite").path)
        scheduler = Scheduler(
            store: store,
            clock: clock,
            sessions: sessions,
            notifier: notifier,
            config: settings,
            terminals: terminals,
            directory: users
        )
        return try await scheduler.start()
    }

    func schedule(
        _ target: TerminationRequest.TargetRequest,
        in seconds: TimeInterval,
        notices: NoticePlan? = NoticePlan.none,
        dryRun: Bool = false
    ) async throws -> Termination {
        try await scheduler.schedule(
            TerminationRequest(
                target: target,
                dueAt: clock.now().addingTimeInterval(seconds),
                reason: "test",
                notices: notices,
                caller: Caller(uid: 0, name: "root", pid: 42),
                dryRun: dryRun
            )
        )
    }

    /// Leaves `job` as a crash would once its due time came: firing written and these (alice's) sessions chosen,
    /// none ended yet, the daemon's alarm gone with it.
    func crashWhileFiring(_ job: Termination, chosen: [String]) async throws {
        clock.disarm()
        await clock.step(to: job.dueAt)
        _ = try store.beginFiring([job.id], at: clock.now())
        _ = try store.recordResolution(
            job.id,
            sessions: chosen.map { SessionOutcome(sessionID: $0, user: "alice", result: .pending) },
            at: clock.now()
        )
    }

    func job(_ id: TerminationID) throws -> Termination {
        try #require(try store.termination(id))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}
