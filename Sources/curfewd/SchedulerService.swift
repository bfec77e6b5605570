import CurfewCore
import CurfewScheduler
import CurfewSystem
import Foundation
import Logging
import ServiceLifecycle

/// Starts the scheduler (reload, recovery, alarm armed), tells systemd it is ready, and keeps it until shutdown.
struct SchedulerService: Service {
    let scheduler: Scheduler
    let logger: Logger
    let notifier = ServiceNotifier()

    func run() async throws {
        let recovery = try await scheduler.start()
        logger.info(
            "queue loaded: \(recovery.pending) pending, \(recovery.overdue) overdue fired, \(recovery.missed) missed, \(recovery.resumed) resumed"
        )
        try notifier.ready(status: await status())
        try? await gracefulShutdown()
        try? notifier.stopping()
        let pending = await scheduler.pendingCount
        logger.info("stopping; \(pending) terminations stay queued")
    }

    /// "3 pending; next at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min".
    func status() async -> String {
        let pending = await scheduler.pendingCount
        guard let next = await scheduler.nextDeadline else { return "\(pending) pending" }
        return "\(pending) pending; next event at \(TimeText.describe(next, now: Date()))"
    }
}
