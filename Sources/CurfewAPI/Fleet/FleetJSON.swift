import CurfewCore
import CurfewFleet
import Foundation

/// A fleet job as the API shows it, with each host's standing when it is known.
struct FleetJobJSON: Encodable {
    struct HostReport: Encodable {
        var host: String
        var state: String
        var revision: Int
        var terminationId: Int64?
        var firedAt: Date?
        /// Late by this many seconds when it fired (a host that was down fires on return).
        var lateSeconds: Double?
        var sessions: [SessionOutcome]
        var error: String?
        var updatedAt: Date
    }

    var id: String
    var target: Target
    var dueAt: Date
    var reason: String
    var notices: String?
    var hosts: [String]?
    var label: String?
    var actor: String
    var origin: String
    var state: String
    var revision: Int
    var createdAt: Date
    var updatedAt: Date
    /// Hosts it is for that have not reported it yet ("not yet armed").
    var waiting: [String]?
    var reports: [HostReport]?
    /// The job as a whole from its hosts' reports (scheduled, firing, completed, missed, failed, cancelled).
    var rollup: String?
    /// Hosts in scope by state, `waiting` for those not yet armed.
    var hostStates: [String: Int]?
    /// `failed (2 hosts: 1 completed, 1 refused (not completed on strict))`.
    var summary: String?

    init(_ job: FleetJob, standing: FleetJobStanding? = nil) {
        id = job.id.uuidString.lowercased()
        target = job.target
        dueAt = job.dueAt
        reason = job.reason
        notices = job.notices?.description
        hosts = job.hosts
        label = job.label
        actor = job.actor
        origin = job.origin
        state = job.state.rawValue
        revision = job.revision
        createdAt = job.createdAt
        updatedAt = job.updatedAt
        waiting = standing?.waiting
        let rollup = standing?.rollup
        self.rollup = rollup?.state.rawValue
        hostStates = rollup?.hostStates
        summary = rollup?.summary
        reports = standing?.reports.map { report in
            HostReport(
                host: report.hostID,
                state: report.state.rawValue,
                revision: report.revision,
                terminationId: report.terminationID,
                firedAt: report.firedAt,
                lateSeconds: report.firedAt.map { max(0, $0.timeIntervalSince(job.dueAt)) },
                sessions: (try? JSONDecoder().decode([SessionOutcome].self, from: Data(report.outcomes.utf8))) ?? [],
                error: report.error,
                updatedAt: report.updatedAt
            )
        }
    }
}

struct FleetHostJSON: Encodable {
    var id: String
    var hostname: String
    var labels: [String]
    var version: String
    var registeredAt: Date
    var lastSeen: Date
    var clockOffsetSeconds: Double?
    var pending: Int

    init(_ host: FleetHost) {
        id = host.id
        hostname = host.hostname
        labels = host.labels
        version = host.version
        registeredAt = host.registeredAt
        lastSeen = host.lastSeen
        clockOffsetSeconds = host.clockOffset
        pending = host.pending
    }
}

struct FleetStatusJSON: Encodable {
    var enabled: Bool
    var hostId: String?
    var hostname: String?
    var labels: [String]?
    var database: String?
    var connection: String?
    var since: Date?
    var lastError: String?
    var clockOffsetSeconds: Double?
    var clockWarning: String?
    var lastSync: Date?
    var unreported: Int?

    init(_ status: FleetStatus?, database: String?) {
        enabled = status != nil
        guard let status else { return }
        self.database = database
        hostId = status.hostID
        hostname = status.hostname
        labels = status.labels
        connection = status.connection.rawValue
        since = status.since
        lastError = status.lastError
        clockOffsetSeconds = status.clockOffset
        clockWarning = status.clockWarning
        lastSync = status.lastSync
        unreported = status.unreported
    }
}

/// A row of the fleet's central audit (`FleetAuditEntry` in the API contract).
struct FleetAuditJSON: Encodable {
    var id: Int64
    var at: Date
    var host: String
    var actor: String
    var action: String
    var jobId: String?
    var detail: String

    init(_ entry: FleetAuditEntry) {
        id = entry.id
        at = entry.at
        host = entry.hostID
        actor = entry.actor
        action = entry.action
        jobId = entry.jobID.map { $0.uuidString.lowercased() }
        detail = entry.detail
    }
}
