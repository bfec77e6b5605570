import CurfewCore
import Foundation

/// `lifetime`: a session ends `max` after its login, whatever it does.
struct LifetimePolicy: PolicyRule {
    let rule: LifetimeRule

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        guard let created = session.createdAt else { return .keep }
        return .end(at: created.addingTimeInterval(TimeInterval(rule.max)), what: "lifetime")
    }
}
