import CurfewCore
import GRDB
import Synchronization

/// What a transaction tells the rest of curfewd once it has committed: the event feed wakes once, however many events
/// the transaction wrote, and its audit entries go to `onAudit` in the order they were written. Nothing is told of a
/// transaction that rolled back.
///
/// One observer for the store's life. A callback per event (`Database.afterNextTransaction`) made GRDB walk every
/// callback registered so far before each statement, so a transaction of N jobs cost N² (10,000 jobs: 905/s).
final class CommitNotices: TransactionObserver, Sendable {
    private struct Pending {
        var events = false
        var audit: [AuditEntry] = []
    }

    private let pending = Mutex(Pending())
    private let feed: EventFeed
    private let onAudit: (@Sendable (AuditEntry) -> Void)?
    /// Told of every commit, after the rest (the store's `Checkpointer`).
    private let afterCommit: (@Sendable () -> Void)?

    init(
        feed: EventFeed,
        onAudit: (@Sendable (AuditEntry) -> Void)?,
        afterCommit: (@Sendable () -> Void)? = nil
    ) {
        self.feed = feed
        self.onAudit = onAudit
        self.afterCommit = afterCommit
    }

    /// A transaction begins: nothing is pending but what it writes.
    func transactionBegins() {
        pending.withLock { $0 = Pending() }
    }

    /// An event was written in the current transaction.
    func eventWritten() {
        pending.withLock { $0.events = true }
    }

    /// An audit entry was written in the current transaction.
    func audited(_ entry: AuditEntry) {
        guard onAudit != nil else { return }
        pending.withLock { $0.audit.append(entry) }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }

    func databaseDidChange(with event: DatabaseEvent) {}

    func databaseDidCommit(_ db: Database) {
        let done = pending.withLock { pending in
            defer { pending = Pending() }
            return pending
        }
        if done.events { feed.wake() }
        if let onAudit {
            for entry in done.audit { onAudit(entry) }
        }
        afterCommit?()
    }

    func databaseDidRollback(_ db: Database) {
        pending.withLock { $0 = Pending() }
    }
}
