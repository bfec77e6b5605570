import CurfewCore
import Foundation
import GRDB
import GRDBSQLite

/// The durable termination queue. Every write is one transaction, committed (synchronous=FULL) before it returns,
/// so what the daemon acknowledges survives a crash or power loss.
public final class TerminationStore: Sendable {
    let writer: StoreWriter
    /// Wakes the event stream's listeners and the webhook outbox once new events have committed.
    public let eventFeed: EventFeed
    /// Wakes `eventFeed` once per transaction that wrote events, and tells `onAudit` (curfewd sends them to the
    /// journal) of every audit entry, once the transaction has committed.
    let commitNotices: CommitNotices
    /// The database file, for messages (":memory:" for a test's store).
    let path: String

    /// Opens (creating if needed) the database at `path`. A file that is not a curfew database, is corrupt or was
    /// written by a newer curfew is refused and left untouched.
    /// - Parameter reserve: room kept on the file system for firing when the disk fills up (`BallastFile`).
    public init(
        path: String,
        reserve: (any SpaceReserve)? = nil,
        onAudit: (@Sendable (AuditEntry) -> Void)? = nil
    ) throws(StoreError) {
        self.path = path
        eventFeed = EventFeed()
        var configuration = GRDB.Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        let checkpointer = Checkpointer(path: path, configuration: configuration)
        // The log is copied into the file by `checkpointer`, off the writer's commits.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        commitNotices = CommitNotices(feed: eventFeed, onAudit: onAudit, afterCommit: checkpointer.committed)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: directory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            }
            // Check before WAL mode or any migration writes to the file.
            try Self.checkReadable(path: path)
            let space = DiskSpace(directory: directory.isEmpty ? "." : directory, reserve: reserve)
            writer = StoreWriter(
                try DatabasePool(path: path, configuration: configuration),
                space: space,
                notices: commitNotices
            )
            try Self.migrate(writer.database, path: path)
            writer.database.add(transactionObserver: commitNotices, extent: .databaseLifetime)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unreadable, "\(path): cannot open the termination database: \(Self.explain(error))")
        }
        followDisk()
    }

    /// A private in-memory store, for tests.
    public init(inMemory: Void = ()) throws(StoreError) {
        path = ":memory:"
        eventFeed = EventFeed()
        commitNotices = CommitNotices(feed: eventFeed, onAudit: nil)
        do {
            writer = StoreWriter(
                try DatabaseQueue(),
                space: DiskSpace(directory: ":memory:", reserve: nil),
                notices: commitNotices
            )
            try Self.migrate(writer.database, path: ":memory:")
            writer.database.add(transactionObserver: commitNotices, extent: .databaseLifetime)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unreadable, "in-memory database: \(Self.explain(error))")
        }
        followDisk()
    }

    private static func checkReadable(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let probe = try DatabaseQueue(path: path, configuration: readOnly)
        try probe.read { db in
            // The schema and the migrations, before anything is written; the queue's table is checked while start-up
            // reads it (`forEachPendingJob`). Not the whole file: the history, audit and events would make start-up
            // grow with everything ever done (a whole-file check took 2 s of CPU at 1M jobs). A corrupt page elsewhere
            // is an error when it is read.
            try quickCheck(try db.tableExists("grdb_migrations") ? "grdb_migrations" : "1", db, path: path)
        }
    }

    /// `PRAGMA quick_check` of a table and its indexes ("1": the schema alone).
    static func quickCheck(_ argument: String, _ db: Database, path: String) throws {
        guard let check = try String.fetchOne(db, sql: "PRAGMA quick_check(\(argument))"), check == "ok" else {
            throw StoreError(
                .unreadable,
                "\(path): the termination database is corrupt (quick_check failed); it was left as it is"
            )
        }
    }

    private static var readOnly: GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        return configuration
    }

    private static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = StoreSchema.migrator
        let unknown = try writer.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
        }
        guard unknown.isEmpty else {
            throw StoreError(
                .newerSchema,
                "\(path): the database was written by a newer curfew (migrations \(unknown.sorted().joined(separator: ", "))); it was left as it is"
            )
        }
        try migrator.migrate(writer)
    }

    static func explain(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: return "not an SQLite database (file is not a database); it was left as it is"
            case .SQLITE_CORRUPT: return "the database is corrupt; it was left as it is"
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
                return "cannot open it (\(error.message ?? "\(error.resultCode)")); check the path and its permissions"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }

    // MARK: Scheduling

    /// Writes new jobs in one transaction, with their audit entries and idempotency keys; they are durable when this
    /// returns.
    ///
    /// A draft whose idempotency key was already used for the same request is not inserted again: the earlier job
    /// comes back, marked as replayed. The rows go table by table, many to a statement (`NewRows`).
    public func insert(
        _ drafts: [TerminationDraft],
        at now: Date
    ) throws -> [(termination: Termination, replayed: Bool)] {
        // Ending sessions now is firing: it goes on from the reserve when the disk is full.
        try writer.write(refusing: "nothing was scheduled", fromReserve: drafts.allSatisfy(\.immediate)) { db in
            var jobs = NewRows.terminations(db)
            var transitions = NewRows.transitions(db)
            var audit = NewRows.audit(db)
            var keys = NewRows.idempotencyKeys(db)
            var events = EventRows(db)
            var results: [(termination: Termination, replayed: Bool)] = []
            var keyed: [IdempotencyScope: (hash: String, result: Int)] = [:]
            var nextID = try db.nextID(of: "termination")
            for draft in drafts {
                if let idempotency = draft.idempotency {
                    if let earlier = keyed[IdempotencyScope(idempotency)] {
                        guard earlier.hash == idempotency.requestHash else { throw Self.keyReused(idempotency) }
                        results.append((results[earlier.result].termination, true))
                        continue
                    }
                    if let earlier = try Self.earlier(idempotency, db) {
                        results.append((earlier, true))
                        continue
                    }
                }
                var record = try TerminationRecord(draft, createdAt: now)
                record.id = nextID
                nextID += 1
                try jobs.append(record)
                if let idempotency = draft.idempotency {
                    keyed[IdempotencyScope(idempotency)] = (idempotency.requestHash, results.count)
                    // The keys' and transitions' rows refer to their jobs' rows: those are written first.
                    if keys.writesWithNextRow { try jobs.write() }
                    try keys.append(idempotency, for: record.id!, at: now)
                }
                let transition = Transition(from: nil, to: .scheduled, at: now, note: "by \(describe(draft.caller))")
                if transitions.writesWithNextRow { try jobs.write() }
                try transitions.append(transition, to: record.id!)
                let dueText = TimeText.rfc3339(draft.dueAt)
                let entry = Self.auditEntry(
                    draft.immediate ? .terminatedNow : .scheduled,
                    record,
                    by: draft.caller,
                    at: now,
                    result: "due \(dueText)" + (draft.dryRun ? " (dry run)" : ""),
                    target: draft.target
                )
                try audit.append(entry)
                // Told once the transaction commits, never if it rolls back.
                commitNotices.audited(entry)
                var details = changeDetails(by: draft.caller)
                details.immediate = draft.immediate ? true : nil
                try events.append(
                    Self.event(
                        .terminationScheduled,
                        record,
                        at: now,
                        target: draft.target,
                        what: (draft.immediate ? "to end sessions now" : "for \(dueText)")
                            + ", by \(draft.caller.name)",
                        details: details
                    )
                )
                let termination = try record.termination(
                    target: draft.target,
                    notices: draft.notices,
                    sessions: [],
                    history: [transition]
                )
                results.append((termination, false))
            }
            try jobs.write()
            try transitions.write()
            try audit.write()
            try keys.write()
            try write(&events)
            return results
        }
    }

    /// The job an earlier request with this key made, if any; a different request under the same key is a conflict.
    private static func earlier(_ idempotency: Idempotency, _ db: Database) throws -> Termination? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT request_hash, termination_id FROM idempotency WHERE key = ? AND uid = ?"
                ),
                arguments: [idempotency.key, Int64(idempotency.uid)]
            )
        else { return nil }
        guard row["request_hash"] == idempotency.requestHash else { throw keyReused(idempotency) }
        return try Self.load(TerminationID(row["termination_id"]), db)
    }

    private static func keyReused(_ idempotency: Idempotency) -> StoreError {
        StoreError(
            .idempotencyMismatch,
            "Idempotency-Key '\(idempotency.key)' was used for a different request; use a new key for a new request"
        )
    }

    /// How many jobs `forEachPendingJob` will hand over (from the same covering index).
    public func pendingJobCount() throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM termination WHERE state IN ('scheduled', 'firing')") ?? 0
        }
    }

    /// Every job still to fire or still firing, for the scheduler to reload at start-up. Streams rows so a million
    /// pending jobs never sit in memory twice.
    ///
    /// Meanwhile the queue's table and its indexes are checked for corruption on a reader of their own (the other
    /// core): a third of start-up at 1M jobs when it ran first. A corrupt table is an error once the rows are read,
    /// before the scheduler arms anything.
    public func forEachPendingJob(_ body: (PendingJob) throws -> Void) throws {
        let check = QueueTableCheck(writer.database, path: path)
        let read = Result { try writer.read { db in try Self.readPendingJobs(db, body) } }
        try check.wait()
        try read.get()
    }

    /// The rows are stepped and read through SQLite's C API: GRDB's row cursor cost as much as SQLite's own scan.
    private static func readPendingJobs(_ db: Database, _ body: (PendingJob) throws -> Void) throws {
        let sql =
            "SELECT id, due_at, notices, next_notice, state FROM termination WHERE state IN ('scheduled', 'firing')"
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { withExtendedLifetime(statement) { _ = sqlite3_reset(handle) } }
        // Nearly every job has one of a few plans; the last one read is compared by its bytes before any lookup.
        var lastPlan: (text: [UInt8], plan: NoticePlan)?
        var plans: [String: NoticePlan] = [:]
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw db.error(code, sql) }
            let text = UnsafeBufferPointer(
                start: sqlite3_column_text(handle, 2),
                count: Int(sqlite3_column_bytes(handle, 2))
            )
            let plan: NoticePlan
            if let lastPlan, lastPlan.text.elementsEqual(text) {
                plan = lastPlan.plan
            } else {
                let planText = String(decoding: text, as: UTF8.self)
                plan = try plans[planText] ?? TerminationRecord.decodePlan(planText)
                plans[planText] = plan
                lastPlan = (Array(text), plan)
            }
            try body(
                PendingJob(
                    id: TerminationID(sqlite3_column_int64(handle, 0)),
                    dueAt: Date(timeIntervalSince1970: sqlite3_column_double(handle, 1)),
                    notices: plan,
                    nextNotice: Int(sqlite3_column_int64(handle, 3)),
                    // 'firing' or 'scheduled'.
                    state: sqlite3_column_text(handle, 4)?.pointee == UInt8(ascii: "f") ? .firing : .scheduled
                )
            )
        }
    }

    // MARK: Reading

    public func termination(_ id: TerminationID) throws -> Termination? {
        try writer.read { db in try Self.load(id, db) }
    }

    /// Jobs newest first, optionally of one state and one target user.
    public func terminations(
        state: TerminationState? = nil,
        user: String? = nil,
        limit: Int = 100,
        offset: Int = 0
    ) throws -> [Termination] {
        try writer.read { db in
            var request = TerminationRecord.order(TerminationRecord.Columns.id.desc)
            if let state { request = request.filter(TerminationRecord.Columns.state == state.rawValue) }
            if let user { request = request.filter(TerminationRecord.Columns.targetUser == user) }
            return try request.limit(limit, offset: offset).fetchAll(db).map { try Self.complete($0, db) }
        }
    }

    public func count(state: TerminationState? = nil, user: String? = nil) throws -> Int {
        try writer.read { db in
            var request = TerminationRecord.all()
            if let state { request = request.filter(TerminationRecord.Columns.state == state.rawValue) }
            if let user { request = request.filter(TerminationRecord.Columns.targetUser == user) }
            return try request.fetchCount(db)
        }
    }

    /// How many jobs are in each state.
    public func countsByState() throws -> [TerminationState: Int] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT state, count(*) FROM termination GROUP BY state")
            return Dictionary(
                uniqueKeysWithValues: rows.compactMap { row in
                    TerminationState(rawValue: row[0]).map { ($0, row[1] as Int) }
                }
            )
        }
    }

    /// Scheduled and firing jobs that may end sessions of these users: those naming one of them, and those naming
    /// sessions or all sessions (the caller matches them against the live sessions).
    public func pendingTerminations(affectingUsers users: Set<String>) throws -> [Termination] {
        try writer.read { db in
            let placeholders = Array(repeating: "?", count: users.count).joined(separator: ",")
            let byUser = users.isEmpty ? "" : " OR target_user IN (\(placeholders))"
            let sql = """
                SELECT * FROM termination WHERE state IN ('scheduled', 'firing')
                AND (target_user IS NULL\(byUser)) ORDER BY due_at LIMIT 10000
                """
            return try TerminationRecord.fetchAll(db, sql: sql, arguments: StatementArguments(Array(users)))
                .map { try Self.complete($0, db) }
        }
    }

    /// Notices recorded for a job, oldest first.
    public func notices(of id: TerminationID) throws -> [NoticeRecord] {
        try writer.read { db in
            try NoticeRecord.filter(Column("termination_id") == id.rawValue).order(Column("id")).fetchAll(db)
        }
    }

    static func load(_ id: TerminationID, _ db: Database) throws -> Termination? {
        guard let record = try record(id, db) else { return nil }
        return try complete(record, db)
    }

    /// One job's row, by a statement prepared once per connection: a burst that fires thousands of jobs reads each.
    static func record(_ id: TerminationID, _ db: Database) throws -> TerminationRecord? {
        try TerminationRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM termination WHERE id = ?"),
            arguments: [id.rawValue]
        )
    }

    static func complete(_ record: TerminationRecord, _ db: Database) throws -> Termination {
        let id = record.id!
        let history = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT from_state, to_state, at, note FROM transition WHERE termination_id = ? ORDER BY id"
            ),
            arguments: [id]
        )
        .map { row in
            Transition(
                from: (row[0] as String?).flatMap(TerminationState.init(rawValue:)),
                to: TerminationState(rawValue: row[1]) ?? .failed,
                at: Date(timeIntervalSince1970: row[2]),
                note: row[3]
            )
        }
        let sessions = try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT session_id, user, result, error, at FROM session_outcome WHERE termination_id = ? ORDER BY rowid"
            ),
            arguments: [id]
        )
        .map { row in
            SessionOutcome(
                sessionID: row[0],
                user: row[1],
                result: SessionOutcome.Result(rawValue: row[2]) ?? .failed,
                error: row[3],
                at: (row[4] as Double?).map(Date.init(timeIntervalSince1970:))
            )
        }
        return try record.termination(sessions: sessions, history: history)
    }

    static func append(_ transition: Transition, to id: Int64, _ db: Database) throws {
        var rows = NewRows.transitions(db)
        try rows.append(transition, to: id)
        try rows.write()
    }
}

func describe(_ caller: Caller) -> String {
    // The daemon, and the policies it runs, have no caller process to name.
    caller == .daemon || Policy.name(ofActor: caller.name) != nil && caller.pid == 0
        ? caller.name == Caller.daemon.name ? "curfewd" : caller.name
        : "\(caller.name) (uid \(caller.uid), pid \(caller.pid))"
}
