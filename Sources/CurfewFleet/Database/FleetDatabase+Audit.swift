import Foundation
import PostgresNIO

/// Statements on `fleet_audit` that stand alone; the rows that go with a change are written in the same statement as
/// the change (FleetDatabase+Jobs, +Hosts, +Reports).
extension FleetDatabase {
    /// The actor of what a host does by itself: joining, reporting.
    static let hostActor = "curfewd"

    /// A fleet job refused where it was written (an unknown label or host, a protected user...).
    func auditRefusal(origin: String, actor: String, detail: String) async throws {
        try await query(
            """
            INSERT INTO fleet_audit (host_id, actor, action, detail)
            VALUES (\(origin), \(actor), \(FleetAuditEntry.Action.refused), \(detail))
            """,
            logger: logger
        )
    }

    /// Newest first; a host is matched by its id or its current name.
    func audit(_ filter: FleetAuditQuery) async throws -> [FleetAuditEntry] {
        let rows = try await query(
            """
            SELECT id, at, host_id, actor, action, job_id, detail FROM fleet_audit
            WHERE (\(filter.jobID)::uuid IS NULL OR job_id = \(filter.jobID))
                AND (\(filter.host)::text IS NULL OR host_id = \(filter.host)
                    OR host_id IN (SELECT host_id FROM fleet_host WHERE hostname = \(filter.host)))
            ORDER BY id DESC LIMIT \(filter.limit)
            """,
            logger: logger
        )
        var entries: [FleetAuditEntry] = []
        for try await (id, at, host, actor, action, job, detail) in rows.decode(
            (Int64, Date, String, String, String, UUID?, String).self
        ) {
            entries.append(
                FleetAuditEntry(id: id, at: at, hostID: host, actor: actor, action: action, jobID: job, detail: detail)
            )
        }
        return entries
    }
}
