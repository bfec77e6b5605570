import CurfewCore
import Foundation

/// What the policies will do, worded for `curfewctl policies`, `sessions` and `me`.
extension PolicyEnforcement {
    /// The first thing a policy will do to this session: its queued termination, or the end a rule foresees.
    func outlook(for id: String, now: Date) -> PolicyOutlook? {
        guard let entry = entries[id] else { return nil }
        var best: PolicyOutlook?
        for index in policies.indices {
            guard let next = outlook(entry, index, now: now) else { continue }
            if best.map({ next.at < $0.at }) ?? true { best = next }
        }
        return best
    }

    private func outlook(_ entry: Entry, _ index: Int, now: Date) -> PolicyOutlook? {
        let policy = policies[index].policy
        switch entry.standings[index] {
        case .outOfScope, .settled:
            return nil
        case .enforcing(let raw):
            guard let job = jobs[TerminationID(raw)] else { return nil }
            return PolicyOutlook(policy: policy.name, what: what(policy), at: job.due, dryRun: policy.dryRun)
        case .waiting, .due:
            let context = context(for: entry.session, index, now: now)
            guard case .end(let at, let what, _) = policies[index].rule.verdict(for: entry.session, in: context)
            else { return nil }
            let due = max(at, now.addingTimeInterval(policies[index].lead))
            return PolicyOutlook(policy: policy.name, what: what, at: due, dryRun: policy.dryRun)
        }
    }

    private func what(_ policy: Policy) -> String {
        switch policy.kind {
        case .idle: "idle limit"
        case .lifetime: "lifetime"
        case .hours: "hours close"
        case .maxSessions: "session limit"
        case .account: "account"
        case .ipSpread: "address spread"
        }
    }

    /// Each policy: its scope, the sessions in it now, its pending terminations and its next action.
    func reports(now: Date) -> [PolicyReport] {
        policies.indices.map { index in
            let compiled = policies[index]
            var sessions: [String] = []
            var exempt: [String: String] = [:]
            var next: PolicyOutlook?
            var nextSession: String?
            for (id, entry) in entries where entry.standings[index] != .outOfScope {
                sessions.append(id)
                if case .idle = compiled.policy.kind, !IdlePolicy.hasIdleSource(entry.session) {
                    exempt[id] = "no terminal and no idle hint: never idle-ended"
                }
                if let outlook = outlook(entry, index, now: now), next.map({ outlook.at < $0.at }) ?? true {
                    next = outlook
                    nextSession = id
                }
            }
            return PolicyReport(
                policy: compiled.policy,
                notices: compiled.notices,
                sessions: sessions.sorted { ($0.count, $0) < ($1.count, $1) },
                pending: jobs.filter { $0.value.pair.policy == index }.map(\.key).sorted(),
                next: next,
                nextSession: nextSession,
                exempt: exempt
            )
        }
    }
}
