import Foundation

extension NoticePlan {
    /// Times at which each step is due for a job due at `due`.
    public func times(before due: Date) -> [Date] {
        leads.map { due.addingTimeInterval(-TimeInterval($0)) }
    }

    /// Index of the first step still in the future at `now`; steps already past are skipped.
    public func firstStep(due: Date, now: Date) -> Int {
        times(before: due).firstIndex { $0 > now } ?? leads.count
    }
}
