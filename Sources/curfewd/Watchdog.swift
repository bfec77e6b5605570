import CurfewScheduler
import CurfewSystem
import Logging
import ServiceLifecycle

/// WATCHDOG=1 at half of systemd's `WatchdogSec=`, from the scheduler's own executor: a scheduler that stops
/// turning stops the pings, and systemd kills and restarts curfewd (the queue is durable).
struct Watchdog: Service {
    let interval: Duration
    let scheduler: Scheduler
    let notifier: ServiceNotifier
    let logger: Logger

    func run() async throws {
        logger.info("watchdog: pinging systemd every \(interval / 2)")
        await cancelWhenGracefulShutdown {
            await scheduler.runWatchdog(every: interval / 2) { [notifier, logger] in
                do {
                    try notifier.watchdog()
                } catch {
                    logger.error("cannot ping the watchdog: \(error)")
                }
            }
        }
    }
}
