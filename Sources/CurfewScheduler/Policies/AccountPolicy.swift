import CurfewCore
import Foundation

/// `account`: a locked, expired or deleted account loses its sessions. The user database is read when /etc changes
/// (inotify) and at each recheck; an expiry date still to come is a deadline like any other.
struct AccountPolicy: PolicyRule {
    let rule: AccountRule

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        let standing = context.directory.standing(of: session.user, uid: session.uid)
        if standing.deleted {
            return rule.on.contains(.deleted)
                ? .end(at: context.now, what: "account deleted", facts: ["state": "deleted"]) : .keep
        }
        if standing.locked, rule.on.contains(.locked) {
            return .end(at: context.now, what: "account locked", facts: ["state": "locked"])
        }
        if let expiry = standing.expiresAt, rule.on.contains(.expired) {
            return .end(at: max(expiry, context.now), what: "account expires", facts: ["state": "expired"])
        }
        return .keep
    }

    var readsAccounts: Bool { true }
    var relief: String { "the account is usable again" }
}
