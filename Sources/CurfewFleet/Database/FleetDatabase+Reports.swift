import Foundation
import PostgresNIO

/// Statements on `fleet_report`: each host's standing on each fleet job.
extension FleetDatabase {
    /// Stores a host's report unless a newer revision's report is there already, with a central audit row when its
    /// state or revision changed: a report sent twice (a retry after a lost reply) is audited once. A report on a job
    /// that retention has removed is dropped.
    func store(_ report: FleetReport) async throws {
        var detail = "\(report.state.rawValue) (revision \(report.revision)"
        if let local = report.terminationID { detail += ", termination \(local) here" }
        detail += ")"
        if let error = report.error { detail += ": \(error)" }
        do {
            try await query(
                """
                WITH old AS (
                    SELECT state, revision FROM fleet_report WHERE job_id = \(report.jobID) AND host_id = \(report.hostID)
                ), saved AS (
                    INSERT INTO fleet_report (job_id, host_id, revision, state, termination_id, fired_at, outcomes,
                        error, updated_at)
                    SELECT id, \(report.hostID), \(Int32(report.revision)), \(report.state.rawValue),
                        \(report.terminationID), \(report.firedAt), \(report.outcomes)::jsonb, \(report.error), now()
                    FROM fleet_job WHERE id = \(report.jobID)
                    ON CONFLICT (job_id, host_id) DO UPDATE SET revision = excluded.revision, state = excluded.state,
                        termination_id = excluded.termination_id, fired_at = excluded.fired_at,
                        outcomes = excluded.outcomes, error = excluded.error, updated_at = now()
                    WHERE fleet_report.revision <= excluded.revision
                    RETURNING job_id, host_id, state, revision
                )
                INSERT INTO fleet_audit (host_id, actor, action, job_id, detail)
                SELECT host_id, \(Self.hostActor), 'report-' || state, job_id, \(detail) FROM saved
                WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.state = saved.state AND old.revision = saved.revision)
                """,
                logger: logger
            )
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == Self.foreignKeyViolation {
            // Retention removed the job between the statement's look and its write: nothing left to report on.
            logger.info("fleet: job \(report.jobID) is gone from the fleet database; its report is dropped")
        }
    }

    /// SQLSTATE 23503.
    static let foreignKeyViolation = "23503"

    func reports(for jobs: [UUID]) async throws -> [FleetReport] {
        let rows = try await query(
            """
            SELECT job_id, host_id, revision, state, termination_id, fired_at, outcomes::text, error, updated_at
            FROM fleet_report WHERE job_id = ANY(\(jobs)) ORDER BY host_id
            """,
            logger: logger
        )
        var reports: [FleetReport] = []
        for try await (job, host, revision, state, termination, fired, outcomes, error, updated) in rows.decode(
            (UUID, String, Int32, String, Int64?, Date?, String, String?, Date).self
        ) {
            reports.append(
                FleetReport(
                    jobID: job,
                    hostID: host,
                    revision: Int(revision),
                    state: FleetReport.State(rawValue: state) ?? .failed,
                    terminationID: termination,
                    firedAt: fired,
                    outcomes: outcomes,
                    error: error,
                    updatedAt: updated
                )
            )
        }
        return reports
    }
}
