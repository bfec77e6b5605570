import CurfewCore
import Foundation

extension Rendering {
    /// `curfewctl status`: version and uptime, what is pending and next, jobs by state.
    func status(_ status: StatusReply) -> String {
        let known = TerminationState.allCases.map(\.rawValue)
        let others = status.counts.keys.filter { !known.contains($0) }.sorted()
        let counts = (known + others).compactMap { state in status.counts[state].map { "\($0) \(safe(state))" } }
        var lines = [
            "curfewd \(safe(status.version)), up \(DurationText.spoken(status.uptimeSeconds)) "
                + "(since \(absolute(status.startedAt)))",
            "pending: \(status.pending)" + (status.nextEventAt.map { "; next event at \(describe($0))" } ?? ""),
            "jobs: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")),
        ]
        if status.dryRun { lines.append("dry run: on; nothing is terminated and no terminal is written") }
        return lines.joined(separator: "\n")
    }
}
