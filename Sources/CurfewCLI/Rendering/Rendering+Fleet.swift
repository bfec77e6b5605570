import CurfewClient
import CurfewCore
import Foundation

extension Rendering {
    /// A fleet job written, moved or cancelled.
    func fleetJob(_ job: FleetJobReply) -> String {
        [
            "fleet job \(job.id): \(safe(job.summary ?? job.state))",
            "target: \(safe(job.targetSummary)) on \(safe(job.scope))",
            "due: \(describe(job.dueAt))",
            "reason: \(safe(job.reason))",
            "by: \(safe(job.actor)) on \(safe(job.origin))",
        ]
        .joined(separator: "\n")
    }

    /// `curfewctl fleet show`: the job, then each host's standing.
    func fleetJobDetail(_ job: FleetJobReply) -> String {
        var table = Table(["HOST", "STATE", "FIRED", "SESSIONS", "ERROR"])
        for report in job.reports ?? [] {
            let fired = report.firedAt.map { at in
                clock(at) + (report.lateSeconds.map { $0 >= 1 ? " (\(DurationText.spoken($0)) late)" : "" } ?? "")
            }
            let sessions = report.sessions.map { "\($0.sessionID) \($0.result)" }.joined(separator: ", ")
            table.append([report.host, report.state, fired ?? "", sessions, report.error ?? ""])
        }
        for host in job.waiting ?? [] {
            table.append([host, "not yet armed", "", "", ""])
        }
        return fleetJob(job) + "\n\n" + (table.rows.isEmpty ? "no host is in scope yet" : table.render())
    }

    /// `curfewctl fleet list`: the state is the job's as a whole, from its hosts' reports.
    func fleetJobs(_ reply: FleetJobsReply) -> String {
        guard !reply.terminations.isEmpty else { return "no fleet jobs" }
        var table = Table(["ID", "TARGET", "SCOPE", "DUE", "STATE"])
        for job in reply.terminations {
            table.append([
                String(job.id.prefix(8)), job.targetSummary, job.scope, clock(job.dueAt), job.summary ?? job.state,
            ])
        }
        return table.render()
    }

    /// `curfewctl fleet audit`.
    func fleetAudit(_ reply: FleetAuditReply) -> String {
        guard !reply.entries.isEmpty else { return "no fleet audit entries" }
        var table = Table([Table.Column("ID", .right), "AT", "HOST", "ACTOR", "ACTION", "JOB", "DETAIL"])
        for entry in reply.entries {
            table.append([
                String(entry.id), absolute(entry.at), entry.host, entry.actor, entry.action,
                entry.jobId.map { String($0.prefix(8)) } ?? "-", entry.detail,
            ])
        }
        return table.render()
    }

    /// `curfewctl fleet hosts`.
    func fleetHosts(_ reply: FleetHostsReply) -> String {
        guard !reply.hosts.isEmpty else { return "no hosts have joined the fleet" }
        var table = Table(["HOST", "NAME", "LABELS", "LAST SEEN", "CLOCK", Table.Column("PENDING", .right)])
        for host in reply.hosts {
            table.append([
                host.id, host.hostname, host.labels.joined(separator: ","), relative(host.lastSeen),
                host.clockOffsetSeconds.map { String(format: "%+.3f s", $0) } ?? "?", String(host.pending),
            ])
        }
        return table.render()
    }

    /// `curfewctl fleet status`.
    func fleetStatus(_ status: FleetStatusReply) -> String {
        guard status.enabled else { return "fleet mode: off (no fleet: in the configuration)" }
        var lines = [
            "fleet mode: host \(safe(status.hostId ?? "?")) (\(safe(status.hostname ?? "?"))), labels "
                + ((status.labels ?? []).isEmpty ? "none" : safe((status.labels ?? []).joined(separator: ","))),
            "database: \(safe(status.database ?? "?"))",
            "connection: \(safe(status.connection ?? "?"))" + (status.since.map { " since \(relative($0))" } ?? ""),
        ]
        if let error = status.lastError { lines.append("last error: \(safe(error))") }
        if let offset = status.clockOffsetSeconds { lines.append(String(format: "clock offset: %+.3f s", offset)) }
        if let warning = status.clockWarning { lines.append("warning: \(safe(warning))") }
        if let sync = status.lastSync { lines.append("last read of fleet jobs: \(relative(sync))") }
        lines.append("reports waiting to be sent: \(status.unreported ?? 0)")
        return lines.joined(separator: "\n")
    }
}
