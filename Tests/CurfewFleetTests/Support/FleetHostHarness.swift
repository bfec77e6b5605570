import CurfewCore
import CurfewFleet
import CurfewScheduler
import CurfewStore
import Foundation
import Logging

/// logind without sessions: fleet tests look at what is queued and reported, not at what fires.
struct NoSessions: LoginSessions {
    func list() async throws -> [Session] { [] }
    func terminate(sessionID: String) async throws -> TerminateResult { .gone }
}

struct SilentTerminals: NoticeDelivery {
    func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] { [] }
}

/// One host: its own SQLite queue and scheduler on the wall clock, as curfewd has them.
struct FleetHostHarness {
    let directory: URL
    let settings: LiveConfiguration
    let store: TerminationStore
    let scheduler: Scheduler

    init(configure: (inout Configuration) -> Void = { _ in }) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-fleet-\(UUID().uuidString)")
        var config = Configuration(environment: [:])
        config.stateDirectory = directory.path
        config.notices = NoticePlan.none
        configure(&config)
        settings = LiveConfiguration(config)
        store = try TerminationStore(path: config.databasePath)
        scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: NoSessions(),
            notifier: SilentTerminals(),
            config: settings
        )
        _ = try await scheduler.start()
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    static let admin = Caller(uid: 0, name: "root", pid: 42)
}
