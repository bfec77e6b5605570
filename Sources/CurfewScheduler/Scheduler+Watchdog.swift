import Foundation

extension Scheduler {
    /// Pings the watchdog every `interval` from the scheduler's own executor until cancelled: each ping runs only
    /// once the actor is free, so a scheduler stuck in its work stops pinging and systemd restarts the daemon.
    public func runWatchdog(every interval: Duration, ping: @Sendable () -> Void) async {
        while !Task.isCancelled {
            ping()
            try? await Task.sleep(for: interval)
        }
    }
}
