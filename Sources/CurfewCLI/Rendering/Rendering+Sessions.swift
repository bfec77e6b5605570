import CurfewClient
import CurfewText
import Foundation

extension Rendering {
    /// `curfewctl sessions`: the live sessions and, for each, the first termination that would end it.
    func sessions(_ page: SessionPage) -> String {
        guard !page.sessions.isEmpty else {
            return page.offset > 0 ? "no sessions past \(page.offset) of \(page.total)" : "no sessions"
        }
        var table = Table([Table.Column("ID", .right), "USER", "SERVICE", "TTY", "FROM", "IDLE", "ENDS"])
        for session in page.sessions {
            table.append([
                session.id, session.user, session.service ?? "-", session.tty ?? "-", origin(session),
                session.idle ? "idle" : "-", ends(session),
            ])
        }
        let footer = Self.pageFooter(
            noun: "sessions",
            shown: page.sessions.count,
            offset: page.offset,
            limit: page.limit,
            total: page.total
        )
        return [table.render(), footer].compactMap { $0 }.joined(separator: "\n")
    }

    /// "10.0.0.5", "bob@10.0.0.5", or "-" for a local session.
    private func origin(_ session: SessionReply) -> String {
        guard let host = session.remoteHost else { return "-" }
        return session.remoteUser.map { "\($0)@\(host)" } ?? host
    }

    /// "#42 at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min (+1 more)", or the policy that ends it
    /// first: "idle limit 14:32 (office-idle)", also once the policy has queued its termination (due at that time).
    private func ends(_ session: SessionReply) -> String {
        let first = session.terminations.min(by: { $0.dueAt < $1.dueAt })
        if let policy = session.policy, first.map({ policy.at <= $0.dueAt }) ?? true {
            return policyEnd(policy)
        }
        guard let first else { return "-" }
        let more = session.terminations.count > 1 ? " (+\(session.terminations.count - 1) more)" : ""
        return "#\(first.id) at \(describe(first.dueAt))\(more)"
    }

    /// "12 (ssh from 10.0.0.5)", "14 (login on tty2)", "15 (gdm on seat0)", or just "16".
    func sessionPhrase(_ session: SessionReply) -> String {
        let service = session.service.map { $0 == "sshd" ? "ssh" : $0 }
        let place =
            session.remoteHost.map { "from \($0)" } ?? session.tty.map { "on \($0)" } ?? session.seat.map { "on \($0)" }
        let words = [service, place].compactMap { $0 }.joined(separator: " ")
        return safe(words.isEmpty ? session.id : "\(session.id) (\(words))")
    }
}
