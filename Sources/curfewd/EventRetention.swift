import CurfewStore
import Foundation
import Logging
import ServiceLifecycle

/// Prunes events (and finished webhook deliveries) older than the retention, at start-up and every hour.
struct EventRetention: Service {
    let store: TerminationStore
    let retention: Int
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                let pruned = try store.pruneEvents(before: Date().addingTimeInterval(-TimeInterval(retention)))
                if pruned > 0 { logger.info("pruned \(pruned) events older than the retention") }
            } catch let error as StoreError where error.code == .diskFull {
                // Deleting needs room in the WAL too; the next hourly pass tries again.
                logger.notice("event pruning skipped: the state directory is full; the next pass is in an hour")
            } catch {
                logger.error("cannot prune old events: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
