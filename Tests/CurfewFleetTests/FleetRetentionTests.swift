import CurfewCore
import Foundation
import PostgresNIO
import Testing

@testable import CurfewFleet

/// fleet.retention: finished fleet jobs with their reports and old central audit rows are removed, a batch at a time;
/// what is recent or still to come stays.
@Suite(.enabled(if: TestPostgres.available, "needs CURFEW_TEST_POSTGRES: run under scripts/with-postgres"))
struct FleetRetentionTests {
    private static let days = 86_400

    /// The fleet's tables with, for a 30-day retention: two jobs to remove (one due 100 days ago with a report, one
    /// cancelled 100 days ago though due later), two to keep (due yesterday; written 100 days ago but due 5 days
    /// ago), three old audit rows and one recent.
    private func seed(_ db: FleetDatabase) async throws {
        try await FleetSchema.migrate(db)
        let statements = [
            """
            INSERT INTO fleet_host (host_id, hostname, version, instance)
            VALUES ('h', 'h', 'test', '00000000-0000-4000-8000-000000000000')
            """,
            """
            INSERT INTO fleet_job (id, target, due_at, reason, actor, origin, state, created_at, updated_at) VALUES
            ('00000000-0000-4000-8000-000000000001', '{"user":"a"}', now() - interval '100 days', 'old',
             'root', 'h', 'scheduled', now() - interval '101 days', now() - interval '100 days'),
            ('00000000-0000-4000-8000-000000000002', '{"user":"a"}', now() + interval '10 days',
             'cancelled', 'root', 'h', 'cancelled', now() - interval '101 days', now() - interval '100 days'),
            ('00000000-0000-4000-8000-000000000003', '{"user":"a"}', now() - interval '1 day', 'recent',
             'root', 'h', 'scheduled', now() - interval '2 days', now() - interval '1 day'),
            ('00000000-0000-4000-8000-000000000004', '{"user":"a"}', now() - interval '5 days', 'late',
             'root', 'h', 'scheduled', now() - interval '101 days', now() - interval '100 days')
            """,
            """
            INSERT INTO fleet_report (job_id, host_id, revision, state)
            VALUES ('00000000-0000-4000-8000-000000000001', 'h', 1, 'completed'),
                   ('00000000-0000-4000-8000-000000000003', 'h', 1, 'completed')
            """,
            """
            INSERT INTO fleet_audit (at, host_id, actor, action, detail)
            SELECT now() - make_interval(days => 100 + n), 'h', 'root', 'scheduled', 'old ' || n
            FROM generate_series(1, 3) AS n
            """,
            "INSERT INTO fleet_audit (host_id, actor, action, detail) VALUES ('h', 'root', 'scheduled', 'recent')",
        ]
        for statement in statements {
            try await db.query(PostgresQuery(unsafeSQL: statement), logger: TestPostgres.logger)
        }
    }

    private func remaining(_ db: FleetDatabase) async throws -> (jobs: [String], reports: Int, audit: [String]) {
        let jobs = try await db.jobs(limit: 100).map(\.reason).sorted()
        let reports = try await db.reports(for: try await db.jobs(limit: 100).map(\.id)).count
        let audit = try await db.audit(FleetAuditQuery(host: "h")).map(\.detail).sorted()
        return (jobs, reports, audit)
    }

    @Test func finishedJobsWithTheirReportsAndOldAuditRowsGoABatchAtATime() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        try await TestPostgres.withDatabase(fleet) { db in
            try await seed(db)
            let retention = 30 * Self.days
            #expect(try await db.pruneJobs(retention: retention, batch: 1) == 1)
            #expect(try await db.pruneJobs(retention: retention, batch: 1) == 1)
            #expect(try await db.pruneJobs(retention: retention, batch: 1) == 0)
            #expect(try await db.pruneAudit(retention: retention, batch: 2) == 2)
            #expect(try await db.pruneAudit(retention: retention, batch: 2) == 1)
            #expect(try await db.pruneAudit(retention: retention, batch: 2) == 0)
            let left = try await remaining(db)
            #expect(left.jobs == ["late", "recent"] && left.reports == 1 && left.audit == ["recent"])
        }
    }

    @Test func aHostPrunesWhenItConnectsByItsOwnRetention() async throws {
        var fleet = try await TestPostgres.freshDatabase()
        try await TestPostgres.withDatabase(fleet) { db in try await seed(db) }
        fleet.retention = 30 * Self.days
        let member = try await FleetMember(fleet, id: "pruner")
        try await connected(member)
        try await eventually("old jobs and audit rows removed") {
            try await TestPostgres.withDatabase(fleet) { db in
                let left = try await remaining(db)
                return left.jobs == ["late", "recent"] && left.reports == 1 && left.audit == ["recent"]
            }
        }
        await member.stop()
    }

    @Test func aLongerRetentionKeepsThemAll() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        try await TestPostgres.withDatabase(fleet) { db in
            try await seed(db)
            #expect(try await db.pruneJobs(retention: 365 * Self.days) == 0)
            #expect(try await db.pruneAudit(retention: 365 * Self.days) == 0)
            #expect(try await remaining(db).jobs.count == 4)
        }
    }
}
