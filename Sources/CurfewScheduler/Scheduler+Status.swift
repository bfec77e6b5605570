import CurfewCore
import Foundation

/// What is pending and what happens next: systemd's STATUS line and `/v1/status`.
public struct QueueStatus: Sendable, Equatable {
    public struct Next: Sendable, Equatable {
        public var termination: TerminationID
        /// When the next event is: a notice step, or the termination's due time.
        public var at: Date
        public var isDue: Bool
        public var due: Date

        public init(termination: TerminationID, at: Date, isDue: Bool, due: Date) {
            self.termination = termination
            self.at = at
            self.isDue = isDue
            self.due = due
        }
    }

    public var pending: Int
    public var next: Next?

    public init(pending: Int, next: Next?) {
        self.pending = pending
        self.next = next
    }

    /// "3 pending; next: termination 12 due at 2026-11-25 18:00:00 +01:00", or with a notice first
    /// "3 pending; next: notice for termination 12 at 17:50:00 +01:00, due 2026-11-25 18:00:00 +01:00".
    /// Absolute times only, so the line stays true until the queue changes.
    public var summary: String {
        guard let next else { return "\(pending) pending; nothing scheduled" }
        let due = TimeText.absolute(next.due)
        guard !next.isDue else { return "\(pending) pending; next: termination \(next.termination) due at \(due)" }
        return
            "\(pending) pending; next: notice for termination \(next.termination) at \(TimeText.absolute(next.at)), due \(due)"
    }
}

extension Scheduler {
    public var status: QueueStatus {
        QueueStatus(
            pending: queue.count,
            next: queue.first().map { .init(termination: $0.id, at: $0.at, isDue: $0.isDue, due: $0.due) }
        )
    }

    /// Calls `observer` with the status now and on every change of it.
    public func observeStatus(_ observer: @escaping @Sendable (QueueStatus) -> Void) {
        statusObserver = observer
        reportedStatus = nil
        reportStatus()
    }

    func reportStatus() {
        guard let statusObserver else { return }
        let now = status
        guard now != reportedStatus else { return }
        reportedStatus = now
        statusObserver(now)
    }
}
