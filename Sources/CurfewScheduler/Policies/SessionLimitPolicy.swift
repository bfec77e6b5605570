import CurfewCore
import Foundation

/// `max_sessions`: when a user has more live sessions in scope than the limit, the surplus (the oldest or the newest)
/// ends.
struct SessionLimitPolicy: PolicyRule {
    let rule: SessionLimitRule

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        let peers = context.peers
        guard peers.count > rule.limit else { return .keep }
        let surplus = peers.count - rule.limit
        let ending = rule.end == .oldest ? peers.prefix(surplus) : peers.suffix(surplus)
        guard ending.contains(where: { $0.id == session.id }) else { return .keep }
        return .end(at: context.now, what: "session limit", facts: ["count": String(peers.count)])
    }

    var readsPeers: Bool { true }
    var relief: String { "the user is within the session limit again" }
}
