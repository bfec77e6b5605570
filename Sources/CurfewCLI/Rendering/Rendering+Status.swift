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
        if let disk = status.disk { lines.append(self.disk(disk)) }
        if status.dryRun { lines.append("dry run: on; nothing is terminated and no terminal is written") }
        if let events = status.events {
            lines.append(
                "events: newest #\(events.newestId), kept \(DurationText.format(events.retentionSeconds))"
            )
        }
        for hook in status.webhooks ?? [] {
            var line =
                "webhook \(safe(hook.url)): \(hook.pending) pending, \(hook.delivered) delivered, \(hook.failed) failed"
            if let at = hook.lastSuccessAt { line += "; last delivered \(relative(at))" }
            if let error = hook.lastError {
                line += "; last error" + (hook.lastErrorAt.map { " \(relative($0))" } ?? "") + ": \(safe(error))"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// "disk: full since 18:02:11 (2 min ago): new jobs refused; firing from the reserve (31 MiB of 32 MiB left);
    /// free space in /var/lib/curfew"
    private func disk(_ disk: StatusReply.Disk) -> String {
        let reserve = "\(ByteSize.text(disk.reserveBytes)) of \(ByteSize.text(disk.reserveCapacityBytes))"
        guard disk.full else { return "disk: room in \(safe(disk.directory)); firing reserve \(reserve)" }
        let since = disk.fullSince.map { " since \(describe($0))" } ?? ""
        return "disk: FULL\(since): new jobs refused; firing from the reserve (\(reserve) left); "
            + "free space in \(safe(disk.directory))"
    }
}
