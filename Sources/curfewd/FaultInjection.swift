// Debug builds only (the tests' and the lab's fault build): faults that prove what systemd does with a stuck
// scheduler. Release builds have none of this.
#if CURFEW_FAULT_INJECTION
import CurfewScheduler
import Dispatch
import Glibc
import Logging

enum FaultInjection {
    /// SIGUSR2 blocks the scheduler's executor for good, as a deadlock would: the watchdog pings stop.
    static func install(scheduler: Scheduler, logger: Logger) {
        signal(SIGUSR2, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGUSR2)
        source.setEventHandler {
            logger.warning("fault injection: hanging the scheduler")
            Task { await scheduler.hang() }
        }
        source.resume()
        sources.append(source)
    }

    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
}
#endif
