import CurfewCore
import Foundation

/// `hours`: sessions end when the allowed time closes; one found outside it ends after its notices from now.
struct HoursPolicy: PolicyRule {
    let hours: AllowedHours

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        guard hours.isOpen(at: context.now) else { return .end(at: context.now, what: "outside hours") }
        guard let close = hours.closing(after: context.now) else {
            // Open around the clock for the week ahead: look again then.
            return .recheck(at: context.now.addingTimeInterval(7 * 86_400))
        }
        return .end(at: close, what: "hours close")
    }

    var relief: String { "the allowed hours are open again" }
}
