import Foundation

/// One row of the fleet's central audit: what was done to fleet jobs and hosts, and what each host reported, from
/// which host and by whom.
public struct FleetAuditEntry: Sendable, Equatable {
    /// What happened. Jobs: `scheduled`, `rescheduled`, `cancelled`, `refused` (written by an admin, or refused where
    /// it was written). Hosts: `host-joined`, `host-changed`, `duplicate-host-id`. Reports: `report-` and the
    /// report's state (`report-armed`, `report-completed`, ...).
    public enum Action {
        public static let scheduled = "scheduled"
        public static let rescheduled = "rescheduled"
        public static let cancelled = "cancelled"
        public static let refused = "refused"
        public static let hostJoined = "host-joined"
        public static let hostChanged = "host-changed"
        public static let duplicateHostID = "duplicate-host-id"

        public static func report(_ state: FleetReport.State) -> String { "report-\(state.rawValue)" }
    }

    public var id: Int64
    public var at: Date
    /// The host it happened on or was asked from.
    public var hostID: String
    /// Who: an admin as the host they called saw them ("root (uid 0)"), or `curfewd` for what a host did itself.
    public var actor: String
    public var action: String
    public var jobID: UUID?
    public var detail: String
}

/// Which audit rows to read, newest first.
public struct FleetAuditQuery: Sendable, Equatable {
    public var jobID: UUID?
    /// A host id or host name.
    public var host: String?
    public var limit: Int

    public static let limits = 1...1000

    public init(jobID: UUID? = nil, host: String? = nil, limit: Int = 100) {
        self.jobID = jobID
        self.host = host
        self.limit = limit
    }
}
