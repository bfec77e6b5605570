import CurfewCore
import Foundation

extension Rendering {
    /// A termination's fields and per-session outcomes, as `terminate`, `cancel` and `reschedule` print it, followed
    /// by the daemon's notes on how it read the time.
    func termination(_ job: TerminationReply) -> String {
        var fields = Table(["", ""], showsTitles: false)
        fields.append(["target", job.targetSummary])
        fields.append(["due", describe(job.dueAt)])
        if !job.reason.isEmpty { fields.append(["reason", job.reason]) }
        fields.append(["notices", notices(job)])
        fields.append(["created", "\(absolute(job.createdAt)) by \(caller(job.actor))"])
        if let firedAt = job.firedAt { fields.append(["fired", fired(firedAt, lateness: job.latenessSeconds)]) }
        if job.dryRun { fields.append(["dry run", "yes: nothing is terminated, no terminal is written"]) }
        var parts = ["termination \(job.id): \(job.state.rawValue)", indented(fields.render())]
        if !job.sessions.isEmpty { parts.append(outcomes(job.sessions)) }
        for note in job.notes ?? [] { parts.append("note: \(safe(note))") }
        return parts.joined(separator: "\n")
    }

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
        return text + "\nhistory:\n" + indented(history.render())
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

    /// "15m, 5m, 1m before; next at 2026-11-25 17:45:00 +01:00 (16:45:00 UTC)".
    private func notices(_ job: TerminationReply) -> String {
        guard !job.notices.isEmpty else { return "none" }
        let steps = job.notices.map(safe).joined(separator: ", ") + " before"
        guard let next = job.nextNoticeAt else { return steps }
        return steps + "; next at " + absolute(next)
    }

    private func fired(_ firedAt: Date, lateness: Double?) -> String {
        guard let lateness, lateness >= 1 else { return absolute(firedAt) }
        return "\(absolute(firedAt)), \(DurationText.spoken(lateness)) late"
    }

    private func outcomes(_ outcomes: [TerminationReply.Outcome]) -> String {
        var table = Table([Table.Column("SESSION", .right), "USER", "RESULT", "AT", "ERROR"])
        for outcome in outcomes {
            table.append([
                outcome.sessionID, outcome.user, outcome.result, outcome.at.map(absolute) ?? "-", outcome.error ?? "",
            ])
        }
        return "sessions:\n" + indented(table.render())
    }

    /// Each line two spaces in, under its heading.
    func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
