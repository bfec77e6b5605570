import CurfewCore
import Foundation
import HeapModule

/// Every upcoming event (each notice step and each due time) of every pending job, earliest first.
///
/// One compact entry per job and one heap key per job's next event keep a million jobs in a few tens of MB;
/// a job's later events are derived from its entry when the earlier one is popped. Keys left behind by cancel
/// and reschedule are recognised as stale and dropped when they reach the top.
struct EventQueue {
    enum Event: Equatable {
        case notice(step: Int, lead: Int)
        case due
        /// A job that began firing and must be picked up again (start-up, or logind was unreachable).
        case resume
    }

    private struct Entry {
        /// The due time, or for a resuming job the time to try again.
        var time: Double
        var plan: UInt32
        var nextNotice: UInt16
        var resuming: Bool
    }

    private struct Key: Comparable {
        var time: Double
        var id: Int64
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.time, lhs.id) < (rhs.time, rhs.id) }
    }

    private var entries: [Int64: Entry] = [:]
    private var heap = Heap<Key>()
    private var plans: [NoticePlan] = []
    private var planIndex: [NoticePlan: UInt32] = [:]

    var count: Int { entries.count }

    /// Adds or replaces a scheduled job.
    mutating func schedule(_ id: TerminationID, due: Date, notices: NoticePlan, nextNotice: Int) {
        let entry = Entry(
            time: due.timeIntervalSince1970,
            plan: intern(notices),
            nextNotice: UInt16(clamping: nextNotice),
            resuming: false
        )
        entries[id.rawValue] = entry
        heap.insert(Key(time: nextTime(entry), id: id.rawValue))
    }

    /// Adds a firing job to be picked up at `time`.
    mutating func resume(_ id: TerminationID, at time: Date) {
        let entry = Entry(time: time.timeIntervalSince1970, plan: intern(.none), nextNotice: 0, resuming: true)
        entries[id.rawValue] = entry
        heap.insert(Key(time: entry.time, id: id.rawValue))
    }

    /// Moves every job waiting to be picked up again later (a resume) to `time`; returns how many moved. Walks every
    /// entry: it runs only when logind comes back, never per event.
    mutating func resumeWaiting(at time: Date) -> Int {
        let limit = time.timeIntervalSince1970
        let waiting = entries.filter { $0.value.resuming && $0.value.time > limit }
        for (id, var entry) in waiting {
            entry.time = limit
            entries[id] = entry
            // The key it had becomes stale and is dropped when it reaches the top.
            heap.insert(Key(time: limit, id: id))
        }
        return waiting.count
    }

    @discardableResult
    mutating func remove(_ id: TerminationID) -> Bool {
        let removed = entries.removeValue(forKey: id.rawValue) != nil
        compactIfSparse()
        return removed
    }

    /// When the earliest event is due, if any.
    mutating func nextDeadline() -> Date? {
        dropStaleTop()
        return heap.min.map { Date(timeIntervalSince1970: $0.time) }
    }

    /// The earliest event: its job, its time, and whether it is the job's due time (not a notice step).
    mutating func first() -> (id: TerminationID, at: Date, isDue: Bool, due: Date)? {
        dropStaleTop()
        guard let top = heap.min, let entry = entries[top.id] else { return nil }
        let at = Date(timeIntervalSince1970: top.time)
        return (TerminationID(top.id), at, !hasNoticeLeft(entry), Date(timeIntervalSince1970: entry.time))
    }

    /// Removes and returns every event due at or before `now`, in time order. Popping a notice step moves its job on
    /// to the next step or to its due time; popping a due time or a resume removes the job.
    mutating func popDue(now: Date) -> [(id: TerminationID, event: Event, time: Date)] {
        let limit = now.timeIntervalSince1970
        var due: [(id: TerminationID, event: Event, time: Date)] = []
        while true {
            dropStaleTop()
            guard let top = heap.min, top.time <= limit else { break }
            heap.removeMin()
            var entry = entries[top.id]!
            let id = TerminationID(top.id)
            let time = Date(timeIntervalSince1970: top.time)
            if entry.resuming {
                entries[top.id] = nil
                due.append((id, .resume, time))
            } else if hasNoticeLeft(entry) {
                let step = Int(entry.nextNotice)
                due.append((id, .notice(step: step, lead: plans[Int(entry.plan)].leads[step]), time))
                entry.nextNotice += 1
                entries[top.id] = entry
                heap.insert(Key(time: nextTime(entry), id: top.id))
            } else {
                entries[top.id] = nil
                due.append((id, .due, time))
            }
        }
        return due
    }

    /// Whether the entry's next event is a notice step rather than its due time (or a resume).
    private func hasNoticeLeft(_ entry: Entry) -> Bool {
        !entry.resuming && Int(entry.nextNotice) < plans[Int(entry.plan)].leads.count
    }

    private func nextTime(_ entry: Entry) -> Double {
        guard hasNoticeLeft(entry) else { return entry.time }
        return entry.time - Double(plans[Int(entry.plan)].leads[Int(entry.nextNotice)])
    }

    private func isCurrent(_ key: Key) -> Bool {
        guard let entry = entries[key.id] else { return false }
        return nextTime(entry) == key.time
    }

    private mutating func dropStaleTop() {
        while let top = heap.min, !isCurrent(top) {
            heap.removeMin()
        }
    }

    /// Rebuilds the heap when stale keys outnumber live ones, so cancels and reschedules never leak memory.
    private mutating func compactIfSparse() {
        guard heap.count > 2 * entries.count + 1024 else { return }
        heap = Heap(heap.unordered.filter(isCurrent))
    }

    /// Room for `count` jobs, so loading a large queue at start-up does not grow the table step by step (its
    /// resizing was 7% of a start with 1,000,000 pending).
    mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    private mutating func intern(_ plan: NoticePlan) -> UInt32 {
        // Jobs loaded or queued together mostly share one plan: comparing with the last is cheaper than hashing.
        if let last = plans.last, last == plan { return UInt32(plans.count - 1) }
        if let index = planIndex[plan] { return index }
        let index = UInt32(plans.count)
        plans.append(plan)
        planIndex[plan] = index
        return index
    }
}
