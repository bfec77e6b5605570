import CurfewCore
import Foundation
import PostgresNIO

/// Statements on `fleet_job` (with their central audit rows and the notification that wakes the hosts).
extension FleetDatabase {
    private static let jobColumns = """
        j.id, j.target::text, j.due_at, j.reason, j.notices, j.hosts, j.label, j.actor, j.origin, j.state,
        j.revision, j.created_at, j.updated_at
        """

    /// Writes the job, its audit row and the wake-up in one statement.
    func insert(_ job: FleetJob) async throws {
        let detail = "\(job.target.summary) at \(TimeText.absolute(job.dueAt)) on \(job.scope): \(job.reason)"
        try await query(
            """
            WITH job AS (
                INSERT INTO fleet_job (id, target, due_at, reason, notices, hosts, label, actor, origin, state,
                    revision, created_at, updated_at)
                VALUES (\(job.id), \(try Self.json(job.target))::jsonb, \(job.dueAt), \(job.reason),
                    \(job.notices?.description), \(job.hosts), \(job.label), \(job.actor), \(job.origin),
                    'scheduled', 1, now(), now())
                RETURNING id
            ), audit AS (
                INSERT INTO fleet_audit (host_id, actor, action, job_id, detail)
                SELECT \(job.origin), \(job.actor), 'scheduled', id, \(detail) FROM job
            )
            SELECT pg_notify('\(unescaped: Self.channel)', id::text) FROM job
            """,
            logger: logger
        )
    }

    /// Cancels or moves a scheduled job, audits it and wakes the hosts; nil when no scheduled, not yet due job has
    /// that id.
    func change(
        _ id: UUID,
        cancel: Bool,
        dueAt: Date?,
        actor: String,
        origin: String,
        detail: String
    ) async throws -> FleetJob? {
        let rows = try await query(
            """
            WITH j AS (
                UPDATE fleet_job SET state = CASE WHEN \(cancel) THEN 'cancelled' ELSE state END,
                    due_at = coalesce(\(dueAt), due_at), revision = revision + 1, updated_at = now()
                WHERE id = \(id) AND state = 'scheduled' AND due_at > now()
                RETURNING *
            ), audit AS (
                INSERT INTO fleet_audit (host_id, actor, action, job_id, detail)
                SELECT \(origin), \(actor), CASE WHEN \(cancel) THEN 'cancelled' ELSE 'rescheduled' END, id, \(detail)
                FROM j
            ), wake AS (
                SELECT pg_notify('\(unescaped: Self.channel)', id::text) FROM j
            )
            SELECT \(unescaped: Self.jobColumns) FROM j, (SELECT count(*) FROM wake) AS woken
            """,
            logger: logger
        )
        return try await Self.jobs(rows).first
    }

    func job(_ id: UUID) async throws -> FleetJob? {
        try await Self.jobs(
            query("SELECT \(unescaped: Self.jobColumns) FROM fleet_job j WHERE j.id = \(id)", logger: logger)
        ).first
    }

    /// The newest jobs first.
    func jobs(limit: Int) async throws -> [FleetJob] {
        try await Self.jobs(
            query(
                "SELECT \(unescaped: Self.jobColumns) FROM fleet_job j ORDER BY j.created_at DESC LIMIT \(limit)",
                logger: logger
            )
        )
    }

    /// Jobs for this host with a revision it has not reported: new ones, and those cancelled or moved since. Only
    /// jobs written after the host joined the fleet: a new host does not replay the fleet's past.
    func unapplied(hostID: String) async throws -> [FleetJob] {
        try await Self.jobs(
            query(
                """
                SELECT \(unescaped: Self.jobColumns) FROM fleet_job j
                JOIN fleet_host h ON h.host_id = \(hostID)
                LEFT JOIN fleet_report r ON r.job_id = j.id AND r.host_id = h.host_id
                WHERE (r.revision IS NULL OR r.revision < j.revision) AND j.created_at >= h.registered_at
                    AND ((j.hosts IS NULL AND j.label IS NULL) OR h.host_id = ANY(j.hosts)
                        OR h.hostname = ANY(j.hosts) OR j.label = ANY(h.labels))
                ORDER BY j.created_at
                """,
                logger: logger
            )
        )
    }

    /// Labels some host carries, for refusing a job that names one nobody has.
    func knownLabels() async throws -> Set<String> {
        var labels: Set<String> = []
        for try await label in try await query(
            "SELECT DISTINCT unnest(labels) FROM fleet_host",
            logger: logger
        ).decode(String.self) {
            labels.insert(label)
        }
        return labels
    }

    static func json(_ target: Target) throws -> String {
        String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
    }

    private static func jobs(_ rows: PostgresRowSequence) async throws -> [FleetJob] {
        var jobs: [FleetJob] = []
        for try await row in rows {
            let (id, target, due, reason, notices, hosts, label, actor, origin, state, revision, created, updated) =
                try row.decode(
                    (
                        UUID, String, Date, String, String?, [String]?, String?, String, String, String, Int32, Date,
                        Date
                    ).self
                )
            jobs.append(
                FleetJob(
                    id: id,
                    target: try JSONDecoder().decode(Target.self, from: Data(target.utf8)),
                    dueAt: due,
                    reason: reason,
                    notices: try notices.map { try NoticePlan(parsing: $0) },
                    hosts: hosts,
                    label: label,
                    actor: actor,
                    origin: origin,
                    state: FleetJob.State(rawValue: state) ?? .cancelled,
                    revision: Int(revision),
                    createdAt: created,
                    updatedAt: updated
                )
            )
        }
        return jobs
    }
}
