import CurfewScheduler
import CurfewSystem
import Logging
import ServiceLifecycle

/// Tells systemd when curfewd stops (STOPPING=1), and the journal what stays queued.
struct Stopping: Service {
    let scheduler: Scheduler
    let notifier: ServiceNotifier
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try? notifier.stopping()
        let pending = await scheduler.pendingCount
        logger.info("stopping; \(pending) terminations stay queued")
    }
}
