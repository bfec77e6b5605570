import Foundation
import PostgresNIO

/// Statements on `fleet_report`: each host's standing on each fleet job.
extension FleetDatabase {
    /// Stores a host's report unless a newer revision's report is there already.
    func store(_ report: FleetReport) async throws {
        try await connection.query(
            """
            INSERT INTO fleet_report (job_id, host_id, revision, state, termination_id, fired_at, outcomes, error,
                updated_at)
            VALUES (\(report.jobID), \(report.hostID), \(Int32(report.revision)), \(report.state.rawValue),
                \(report.terminationID), \(report.firedAt), \(report.outcomes)::jsonb, \(report.error), now())
            ON CONFLICT (job_id, host_id) DO UPDATE SET revision = excluded.revision, state = excluded.state,
                termination_id = excluded.termination_id, fired_at = excluded.fired_at, outcomes = excluded.outcomes,
                error = excluded.error, updated_at = now()
            WHERE fleet_report.revision <= excluded.revision
            """,
            logger: logger
        )
    }

    func reports(for jobs: [UUID]) async throws -> [FleetReport] {
        let rows = try await connection.query(
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
