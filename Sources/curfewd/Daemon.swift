import CurfewCore
import CurfewScheduler
import CurfewStore
import CurfewSystem
import Foundation
import Logging
import ServiceLifecycle

/// A start-up failure the admin must fix; the message says what and where.
struct DaemonError: Error {
    var message: String
}

/// Wires the parts together and runs them until SIGTERM or SIGINT.
struct Daemon {
    var config: Configuration
    var configPath: String
    var logger: Logger

    func run() async throws {
        let store: TerminationStore
        do {
            store = try TerminationStore(path: config.databasePath)
        } catch {
            throw DaemonError(message: error.message)
        }
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: LogindClient(),
            notifier: TerminalNotifier(logger: Logger(label: "curfew.terminal")),
            config: config,
            logger: Logger(label: "curfew.scheduler")
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: SchedulerService(scheduler: scheduler, logger: logger))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
