import Logging
import PostgresNIO

/// The fleet database's tables, by named forward-only migrations, applied by whichever host connects first. An
/// advisory lock makes hosts that start together apply each migration once.
enum FleetSchema {
    static let migrations: [(name: String, sql: [String])] = [
        (
            "v1: hosts, jobs, reports, audit",
            [
                """
                CREATE TABLE fleet_host (
                    host_id text PRIMARY KEY,
                    hostname text NOT NULL,
                    labels text[] NOT NULL DEFAULT '{}',
                    version text NOT NULL,
                    instance uuid NOT NULL,
                    registered_at timestamptz NOT NULL DEFAULT now(),
                    last_seen timestamptz NOT NULL DEFAULT now(),
                    clock_offset double precision
                )
                """,
                """
                CREATE TABLE fleet_job (
                    id uuid PRIMARY KEY,
                    target jsonb NOT NULL,
                    due_at timestamptz NOT NULL,
                    reason text NOT NULL,
                    notices text,
                    hosts text[],
                    label text,
                    actor text NOT NULL,
                    origin text NOT NULL,
                    state text NOT NULL CHECK (state IN ('scheduled', 'cancelled')),
                    revision integer NOT NULL DEFAULT 1,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX fleet_job_created ON fleet_job (created_at)",
                """
                CREATE TABLE fleet_report (
                    job_id uuid NOT NULL REFERENCES fleet_job (id) ON DELETE CASCADE,
                    host_id text NOT NULL REFERENCES fleet_host (host_id) ON DELETE CASCADE,
                    revision integer NOT NULL,
                    state text NOT NULL,
                    termination_id bigint,
                    fired_at timestamptz,
                    outcomes jsonb NOT NULL DEFAULT '[]',
                    error text,
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (job_id, host_id)
                )
                """,
                """
                CREATE TABLE fleet_audit (
                    id bigserial PRIMARY KEY,
                    at timestamptz NOT NULL DEFAULT now(),
                    host_id text NOT NULL,
                    actor text NOT NULL,
                    action text NOT NULL,
                    job_id uuid,
                    detail text NOT NULL
                )
                """,
            ]
        ),
        (
            "v2: indexes for retention, the audit's filters and hosts' pending counts",
            [
                "CREATE INDEX fleet_job_updated ON fleet_job (updated_at)",
                "CREATE INDEX fleet_audit_at ON fleet_audit (at)",
                "CREATE INDEX fleet_audit_job ON fleet_audit (job_id, id) WHERE job_id IS NOT NULL",
                "CREATE INDEX fleet_audit_host ON fleet_audit (host_id, id)",
                "CREATE INDEX fleet_report_host ON fleet_report (host_id, state)",
            ]
        ),
    ]

    /// Any number that no other program on the database is likely to lock.
    static let lockKey = 0x6375_7266_6577

    static func migrate(_ db: FleetDatabase) async throws {
        // BEGIN and COMMIT by hand rather than withTransaction: its ROLLBACK goes straight to the connection, and on
        // one the server has just dropped it would wait forever (see FleetDatabase.query).
        try await db.query("BEGIN", logger: db.logger)
        do {
            try await applyMissing(db)
            try await db.query("COMMIT", logger: db.logger)
        } catch {
            _ = try? await db.query("ROLLBACK", logger: db.logger)
            throw error
        }
    }

    private static func applyMissing(_ db: FleetDatabase) async throws {
        let logger = db.logger
        // Before anything else: two hosts creating the table at once would collide in PostgreSQL's catalogue.
        try await db.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
        try await db.query(
            """
            CREATE TABLE IF NOT EXISTS curfew_fleet_migration (
                name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        var applied: Set<String> = []
        for try await name in try await db.query("SELECT name FROM curfew_fleet_migration", logger: logger)
            .decode(String.self)
        {
            applied.insert(name)
        }
        let known = Set(migrations.map(\.name))
        if let newer = applied.subtracting(known).sorted().first {
            throw FleetError(
                .unavailable,
                "the fleet database was set up by a newer curfew (migration '\(newer)'); upgrade this host"
            )
        }
        for migration in migrations where !applied.contains(migration.name) {
            for statement in migration.sql {
                try await db.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await db.query(
                "INSERT INTO curfew_fleet_migration (name) VALUES (\(migration.name))",
                logger: logger
            )
            logger.info("fleet database: applied migration '\(migration.name)'")
        }
    }
}
