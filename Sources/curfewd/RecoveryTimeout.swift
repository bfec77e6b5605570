import CurfewScheduler
import CurfewSystem

/// While start-up reads a large queue, asks systemd for more time (EXTEND_TIMEOUT_USEC) as long as the reading moves
/// on, so a big queue is not killed by TimeoutStartSec= while a stuck start-up still is.
enum RecoveryTimeout {
    static let tick: Duration = .milliseconds(500)
    static let grant = 5.0

    /// Runs until cancelled (when recovery is over).
    static func extend(while progress: RecoveryProgress, notifier: ServiceNotifier) async {
        var seen = 0
        while true {
            do {
                try await Task.sleep(for: tick)
            } catch {
                return
            }
            let count = progress.count
            guard count > seen else { continue }
            seen = count
            try? notifier.extendTimeout(by: grant, status: "recovering the queue: \(count) jobs read")
        }
    }
}
