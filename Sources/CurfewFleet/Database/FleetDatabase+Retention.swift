import PostgresNIO

/// Removing what fleet.retention no longer keeps: finished fleet jobs with their reports, and old central audit rows.
/// A batch at a time, rows another host is removing at the same moment skipped (SKIP LOCKED), so hosts pruning
/// together neither wait on each other nor hold long locks.
extension FleetDatabase {
    /// Rows removed by one statement at most.
    static let pruneBatch = 500

    /// Removes up to `batch` jobs finished more than `retention` seconds ago (due then and unchanged since, or
    /// cancelled then), their reports with them; returns how many jobs.
    func pruneJobs(retention: Int, batch: Int = pruneBatch) async throws -> Int {
        try await count(
            query(
                """
                WITH cutoff AS (SELECT now() - make_interval(secs => \(Double(retention))) AS at
                ), doomed AS (
                    SELECT id FROM fleet_job, cutoff
                    WHERE updated_at < cutoff.at AND (due_at < cutoff.at OR state = 'cancelled')
                    ORDER BY updated_at LIMIT \(batch) FOR UPDATE OF fleet_job SKIP LOCKED
                ), gone AS (
                    DELETE FROM fleet_job j USING doomed WHERE j.id = doomed.id RETURNING 1
                )
                SELECT count(*) FROM gone
                """,
                logger: logger
            )
        )
    }

    /// Removes up to `batch` central audit rows older than `retention` seconds; returns how many.
    func pruneAudit(retention: Int, batch: Int = pruneBatch) async throws -> Int {
        try await count(
            query(
                """
                WITH doomed AS (
                    SELECT id FROM fleet_audit WHERE at < now() - make_interval(secs => \(Double(retention)))
                    ORDER BY id LIMIT \(batch) FOR UPDATE SKIP LOCKED
                ), gone AS (
                    DELETE FROM fleet_audit a USING doomed WHERE a.id = doomed.id RETURNING 1
                )
                SELECT count(*) FROM gone
                """,
                logger: logger
            )
        )
    }

    private func count(_ rows: PostgresRowSequence) async throws -> Int {
        var total = 0
        for try await n in rows.decode(Int64.self) { total = Int(n) }
        return total
    }
}
