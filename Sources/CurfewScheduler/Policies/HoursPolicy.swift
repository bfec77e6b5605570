import CurfewCore
import Foundation
import Synchronization

/// `hours`: sessions end when the allowed time closes; one found outside it ends after its notices from now.
struct HoursPolicy: PolicyRule {
    let hours: AllowedHours
    let timeline: HoursTimeline

    init(hours: AllowedHours) {
        self.hours = hours
        timeline = HoursTimeline(hours)
    }

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        let intervals = timeline.intervals(at: context.now)
        guard AllowedHours.isOpen(at: context.now, in: intervals) else {
            return .end(at: context.now, what: "outside hours")
        }
        guard let close = AllowedHours.closing(after: context.now, in: intervals) else {
            // Open around the clock for the week ahead: look again then.
            return .recheck(at: context.now.addingTimeInterval(7 * 86_400))
        }
        return .end(at: close, what: "hours close")
    }

    var relief: String { "the allowed hours are open again" }

    /// Whether sessions are allowed at `instant`, from the day's intervals (the login gate asks at every login).
    func isOpen(at instant: Date) -> Bool {
        AllowedHours.isOpen(at: instant, in: timeline.intervals(at: instant))
    }
}

/// The allowed hours as instants, worked out once a day rather than at each evaluation: the calendar walk over ten
/// days took about 40 µs, for every policy of this kind at every session change (most of `curfew-bench policies`'
/// p99). Intervals worked out at T cover T's day before to 8 days after, so they serve any instant up to a day later.
final class HoursTimeline: Sendable {
    private let hours: AllowedHours
    private let cached = Mutex<(from: Date, intervals: [DateInterval])?>(nil)

    init(_ hours: AllowedHours) { self.hours = hours }

    func intervals(at instant: Date) -> [DateInterval] {
        if let cache = cached.withLock({ $0 }), cache.from <= instant, instant < cache.from.addingTimeInterval(86_400) {
            return cache.intervals
        }
        let fresh = hours.intervals(around: instant)
        cached.withLock { $0 = (instant, fresh) }
        return fresh
    }
}
