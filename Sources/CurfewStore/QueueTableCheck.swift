import Dispatch
import GRDB
import Synchronization

/// `PRAGMA quick_check` of the queue's table and its indexes, run on a reader of its own while start-up reads the
/// queue from its index, so the two share the machine's cores instead of adding up.
final class QueueTableCheck: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<(any Error)?>(nil)
    private let path: String

    init(_ database: any DatabaseReader, path: String) {
        self.path = path
        DispatchQueue.global().async { [self] in
            do {
                try database.read { db in try TerminationStore.quickCheck("termination", db, path: path) }
            } catch {
                failure.withLock { $0 = error }
            }
            finished.signal()
        }
    }

    /// Waits for the check; throws when the table is corrupt or could not be read.
    func wait() throws {
        finished.wait()
        if let failure = failure.withLock({ $0 }) {
            throw failure as? StoreError
                ?? StoreError(
                    .unreadable,
                    "\(path): the termination table cannot be read: \(TerminationStore.explain(failure))"
                )
        }
    }
}
