import CurfewCore
import Foundation

/// The policies' side of the login gate: a login the policies would end at once is refused instead, since a refusal
/// in PAM's account phase leaves no session behind. Dry-run policies refuse nothing.
extension PolicyEnforcement {
    /// What the policies say to a login of `query.user` now. Only what PAM's account phase knows is matched: user,
    /// groups, service and remote host; a scope on session classes or types takes a login as class `user` of an
    /// unknown type.
    func admission(_ query: GateQuery, now: Date) -> GateAnswer {
        guard !isProtected(query.user) else { return .allow }
        let candidate = Session(
            id: "",
            user: query.user,
            uid: UInt32.max,
            remoteHost: query.remoteHost,
            service: query.service,
            sessionClass: "user"
        )
        var groups: Set<String>?
        let groupsOf: (Session) -> Set<String> = { [directory] session in
            if session.user == query.user, let groups { return groups }
            return directory.groups(of: session.user, uid: session.uid)
        }
        for compiled in policies where !compiled.policy.dryRun {
            let policy = compiled.policy
            if !policy.scope.namedGroups.isEmpty, groups == nil {
                groups = directory.groups(of: query.user, uid: candidate.uid)
            }
            guard policy.scope.matches(candidate, groupsOf: groupsOf) else { continue }
            switch policy.kind {
            case .hours(let hours) where !((compiled.rule as? HoursPolicy)?.isOpen(at: now) ?? hours.isOpen(at: now)):
                return .refuse(Self.closedText(policy, hours, now: now), rule: "policy \(policy.name)")
            case .maxSessions(let rule) where rule.end == .newest:
                let live = entries.values.filter { $0.session.user == query.user }
                    .filter { policy.scope.matches($0.session, groupsOf: groupsOf) }.count
                guard live >= rule.limit else { continue }
                return .refuse(
                    "You have \(live) session\(live == 1 ? "" : "s"), the most allowed (policy \(policy.name)).",
                    rule: "policy \(policy.name)"
                )
            default:
                continue
            }
        }
        return .allow
    }

    /// "Logins for group students are allowed Mon-Fri 08:00-22:00 (Europe/Berlin); next at 08:00 tomorrow."
    static func closedText(_ policy: Policy, _ hours: AllowedHours, now: Date) -> String {
        var who = ""
        if let groups = policy.scope.groups, !groups.isEmpty {
            who = " for group\(groups.count == 1 ? "" : "s") \(groups.sorted().joined(separator: ", "))"
        } else if let users = policy.scope.users, !users.isEmpty {
            who = " for \(users.sorted().joined(separator: ", "))"
        }
        var text = "Logins\(who) are allowed \(hours.text) (\(hours.zone.identifier))"
        if let next = hours.opening(after: now) {
            text += "; next at \(Self.when(next, now: now, zone: hours.zone))"
        }
        return text + " (policy \(policy.name))."
    }

    /// "08:00 today", "08:00 tomorrow", "08:00 on Mon 2026-12-07", in the policy's zone.
    static func when(_ instant: Date, now: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "HH:mm"
        let clock = formatter.string(from: instant)
        let days =
            calendar.dateComponents(
                [.day],
                from: calendar.startOfDay(for: now),
                to: calendar.startOfDay(for: instant)
            ).day ?? 2
        switch days {
        case 0: return "\(clock) today"
        case 1: return "\(clock) tomorrow"
        default:
            formatter.dateFormat = "EEE yyyy-MM-dd"
            return "\(clock) on \(formatter.string(from: instant))"
        }
    }
}
