#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurfewText

/// Turns replies into text for people, as seen at `now`: what curfewctl prints and its quick path prints alike.
/// The one thing that differs is how an instant is written in the local zone, which `absolute` says.
///
/// Every string that came from the daemon goes through `TerminalText.sanitize` (directly or by a `Table`) before it
/// is returned: it may have been typed by another user.
public protocol ReplyRendering {
    var now: Date { get }
    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC)".
    func absolute(_ instant: Date) -> String
}

extension ReplyRendering {
    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min".
    public func describe(_ instant: Date) -> String {
        "\(absolute(instant)), \(relative(instant))"
    }

    /// "in 2 h 3 min", "5 min ago" or "now".
    public func relative(_ instant: Date) -> String {
        let delta = instant.timeIntervalSince(now)
        if abs(delta) < 1 { return "now" }
        return delta > 0 ? "in \(DurationText.spoken(delta))" : "\(DurationText.spoken(-delta)) ago"
    }

    /// Text from the daemon, safe for the terminal.
    public func safe(_ text: String) -> String {
        TerminalText.sanitize(text)
    }

    /// "alice (uid 1000, pid 4242)"; a policy, which has no process, as "policy office-idle".
    public func caller(_ caller: Caller) -> String {
        if caller.pid == 0, caller.policyName != nil { return safe(caller.name) }
        return "\(safe(caller.name)) (uid \(caller.uid), pid \(caller.pid))"
    }

    /// Each line two spaces in, under its heading.
    public func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    /// A termination's fields and per-session outcomes, as `terminate`, `cancel` and `reschedule` print it, followed
    /// by the daemon's notes on how it read the time.
    public func termination(_ job: TerminationReply) -> String {
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
}
