import Foundation

extension Rendering {
    /// `curfewctl me`: one sentence per termination that would end the caller's sessions, soonest first.
    ///
    /// "your sessions 12 (ssh from 10.0.0.5) and 14 end at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min;
    /// reason: offboarding"
    func me(_ me: MeReply) -> String {
        var lines = [upcoming(me)]
        if let hold = me.hold {
            lines.append(
                "you are kept out of new logins until \(describe(hold.until)) (by \(safe(hold.actor))"
                    + (hold.reason.isEmpty ? ")" : ": \(safe(hold.reason)))")
            )
        }
        let ended = me.endedSessions ?? []
        if !ended.isEmpty {
            lines.append("recently ended by curfew:")
            lines += ended.map { "  " + safe($0.message) }
        }
        return lines.joined(separator: "\n")
    }

    private func upcoming(_ me: MeReply) -> String {
        let phrases = me.sessions.map(sessionPhrase)
        // A policy's end not yet queued as a termination: "your session 12 (ssh) ends at ... by policy office-idle".
        let foreseen = me.sessions.compactMap { session -> String? in
            guard let end = session.policy, !session.terminations.contains(where: { $0.dueAt == end.at }) else {
                return nil
            }
            let rehearsal = end.dryRun ? " (a dry run: nothing will be terminated)" : ""
            return "your session \(sessionPhrase(session)) ends at \(describe(end.at)) by policy "
                + safe("\(end.policy) (\(end.what))") + rehearsal
        }
        guard !me.terminations.isEmpty else {
            guard foreseen.isEmpty else { return foreseen.joined(separator: "\n") }
            guard !phrases.isEmpty else { return "you have no login sessions, and nothing is scheduled to end any" }
            let noun = phrases.count == 1 ? "session" : "sessions"
            return "nothing is scheduled to end your \(noun) \(Self.list(phrases))"
        }
        return
            (me.terminations.sorted { $0.dueAt < $1.dueAt }.map { job in
                let affected = me.sessions.filter { session in session.terminations.contains { $0.id == job.id } }
                let subject: String
                switch affected.count {
                case 0: subject = "any session of yours that \(safe(job.targetSummary)) then covers ends"
                case 1: subject = "your session \(sessionPhrase(affected[0])) ends"
                default: subject = "your sessions \(Self.list(affected.map(sessionPhrase))) end"
                }
                let reason = job.reason.isEmpty ? "" : "; reason: \(safe(job.reason))"
                let rehearsal = job.dryRun ? " (a dry run: nothing will be terminated)" : ""
                return "\(subject) at \(describe(job.dueAt))\(reason)\(rehearsal)"
            } + foreseen)
            .joined(separator: "\n")
    }
}
