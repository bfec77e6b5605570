import CurfewCore
import Foundation

/// `ip_spread`: one user with sessions from `distinct` or more remote hosts within `within` raises an alarm, and with
/// `action: terminate` also ends those sessions.
struct IPSpreadPolicy: PolicyRule {
    let rule: IPSpreadRule
    let name: String

    /// The distinct hosts seen within the window, in the order first seen.
    func hosts(in context: PolicyContext) -> [String] {
        let since = context.now.addingTimeInterval(-TimeInterval(rule.within))
        var hosts: [String] = []
        for sighting in context.sightings where sighting.at >= since && !hosts.contains(sighting.host) {
            hosts.append(sighting.host)
        }
        return hosts
    }

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        guard rule.action == .terminate, let host = session.remoteHost else { return .keep }
        let hosts = hosts(in: context)
        guard hosts.count >= rule.distinct, hosts.contains(host) else { return .keep }
        return .end(at: context.now, what: "address spread", facts: ["hosts": hosts.joined(separator: ", ")])
    }

    func alarm(user: String, in context: PolicyContext) -> PolicyAlarm? {
        let hosts = hosts(in: context)
        guard hosts.count >= rule.distinct else { return nil }
        return PolicyAlarm(
            policy: name,
            user: user,
            kind: "ip_spread",
            summary:
                "user \(user) has sessions from \(hosts.count) addresses within \(DurationText.format(rule.within)): \(hosts.joined(separator: ", "))",
            addresses: hosts
        )
    }

    var readsPeers: Bool { true }
    var relief: String { "the addresses are within the limit again" }
}
