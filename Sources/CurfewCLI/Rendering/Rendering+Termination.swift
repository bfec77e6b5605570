import CurfewClient
import CurfewCore
import Foundation

extension Rendering {
    /// Everything about one termination: `termination(_:)` plus its history.
    func terminationDetail(_ job: TerminationReply) -> String {
        var history = Table(["AT", "FROM", "TO", "NOTE"])
        for step in job.history {
            history.append([absolute(step.at), step.from ?? "-", step.to, step.note ?? ""])
        }
        var text = termination(job)
        if job.sessions.isEmpty {
            text += job.state == .scheduled ? "\nsessions: chosen when it fires" : "\nsessions: none"
        }
        if let sent = job.noticesSent, !sent.isEmpty { text += "\n" + noticesSent(sent) }
        return text + "\nhistory:\n" + indented(history.render())
    }

    /// One line per notice and session: when, which notice, and how it reached the session (terminal, desktop) or
    /// why not (unreachable, error).
    private func noticesSent(_ sent: [TerminationReply.NoticeSent]) -> String {
        var table = Table(["AT", "NOTICE", Table.Column("SESSION", .right), "DELIVERY", "DETAIL"])
        for notice in sent {
            let name = notice.kind + (notice.lead.map { " \($0)" } ?? "")
            if notice.dryRun {
                table.append([absolute(notice.at), name, "-", "dry run", "nothing sent"])
                continue
            }
            for delivery in notice.deliveries ?? [] {
                table.append([
                    absolute(notice.at), name, delivery.sessionID, delivery.delivery, delivery.detail ?? "",
                ])
            }
        }
        return "notices sent:\n" + indented(table.render())
    }

    /// `curfewctl list`: one line per termination, newest first as the daemon sends them.
    func terminations(_ page: TerminationPage) -> String {
        guard !page.terminations.isEmpty else {
            return page.offset > 0 ? "no terminations past \(page.offset) of \(page.total)" : "no terminations"
        }
        var table = Table([Table.Column("ID", .right), "STATE", "TARGET", "DUE", "WHEN", "REASON"])
        for job in page.terminations {
            table.append([
                String(job.id), job.state.rawValue + (job.dryRun ? " (dry run)" : ""), job.targetSummary,
                absolute(job.dueAt), relative(job.dueAt), job.reason,
            ])
        }
        let footer = Self.pageFooter(
            noun: "terminations",
            shown: page.terminations.count,
            offset: page.offset,
            limit: page.limit,
            total: page.total
        )
        return [table.render(), footer].compactMap { $0 }.joined(separator: "\n")
    }
}
