import CurfewCore
import CurfewScheduler
import CurfewSystem
import Foundation
import Logging
import ServiceLifecycle

/// Tells systemd when curfewd stops, and words the STATUS line.
struct ServiceStatus: Service {
    let scheduler: Scheduler
    let notifier: ServiceNotifier
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try? notifier.stopping()
        let pending = await scheduler.pendingCount
        logger.info("stopping; \(pending) terminations stay queued")
    }

    /// "3 pending; next event at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min".
    static func describe(_ scheduler: Scheduler) async -> String {
        let pending = await scheduler.pendingCount
        guard let next = await scheduler.nextDeadline else { return "\(pending) pending" }
        return "\(pending) pending; next event at \(TimeText.describe(next, now: Date()))"
    }
}
