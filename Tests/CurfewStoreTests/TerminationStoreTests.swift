import CurfewCore
import CurfewStore
import Foundation
import GRDB
import Synchronization
import Testing

/// The durable queue on a real SQLite file.
@Suite struct TerminationStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-store-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("curfew.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func draft(_ user: String = "alice", in seconds: TimeInterval = 3600) -> TerminationDraft {
        TerminationDraft(
            target: .user(user, SessionFilter(service: "sshd")),
            dueAt: now.addingTimeInterval(seconds),
            reason: "offboarding",
            notices: .standard,
            caller: Caller(uid: 1000, name: "admin", pid: 4242),
            dryRun: false
        )
    }

    /// Every column a draft sets is written (the insert names its columns itself) and read back as it was.
    @Test(arguments: [HoldSpec.duration(900), .until(Date(timeIntervalSince1970: 1_790_090_000))])
    func everyFieldOfANewJobIsWrittenAndReadBack(_ hold: HoldSpec) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let draft = TerminationDraft(
            target: .group("students", SessionFilter(service: "sshd")),
            dueAt: now.addingTimeInterval(5400.25),
            reason: "term over",
            notices: try NoticePlan(leads: [600, 60]),
            caller: Caller(uid: 1001, name: "bob", pid: 77),
            dryRun: true,
            hold: hold
        )
        let inserted = try TerminationStore(path: path).insert([draft], at: now)[0].termination
        let job = try #require(try TerminationStore(path: path).termination(inserted.id))
        #expect(job == inserted)
        #expect(job.target == .group("students", SessionFilter(service: "sshd")))
        #expect(job.dueAt == now.addingTimeInterval(5400.25))
        #expect(job.reason == "term over")
        #expect(job.notices == (try NoticePlan(leads: [600, 60])))
        #expect(job.caller == Caller(uid: 1001, name: "bob", pid: 77))
        #expect(job.state == .scheduled && job.createdAt == now && job.firedAt == nil)
        #expect(job.dryRun)
        #expect(job.hold == hold)
    }

    @Test func anInsertedJobIsThereAfterReopeningTheFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let inserted = try TerminationStore(path: path).insert([draft()], at: now)[0].termination

        let reopened = try TerminationStore(path: path)
        let job = try #require(try reopened.termination(inserted.id))

        #expect(job == inserted)
        #expect(job.target == .user("alice", SessionFilter(service: "sshd")))
        #expect(job.history == [Transition(from: nil, to: .scheduled, at: now, note: "by admin (uid 1000, pid 4242)")])
        var pending: [PendingJob] = []
        try reopened.forEachPendingJob { pending.append($0) }
        #expect(
            pending == [PendingJob(id: job.id, dueAt: job.dueAt, notices: .standard, nextNotice: 0, state: .scheduled)]
        )
    }

    @Test func theDatabaseIsInWalModeWithFullSync() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TerminationStore(path: path)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedNamedAndLeftUntouched() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let garbage = Data(repeating: 0x42, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try TerminationStore(path: path) }

        #expect(error?.code == .unreadable)
        #expect(error?.message.hasPrefix(path) == true)
        #expect(error?.message.contains("not an SQLite database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aCorruptDatabaseIsRefusedAndLeftUntouched() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        _ = try store.insert((0..<200).map { draft("user\($0)") }, at: now)
        _ = try DatabaseQueue(path: path).writeWithoutTransaction { try $0.checkpoint(.truncate) }
        // Scribble over a page in the middle of the file, as a failing disk might.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.replaceSubrange(4096..<6144, with: Data(repeating: 0xFF, count: 2048))
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try TerminationStore(path: path) }

        #expect(error?.code == .unreadable)
        #expect(error?.message.hasPrefix(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    /// The queue's table is checked while start-up reads the queue from its index, which never reads the table:
    /// a corrupt table page is found all the same, and start-up fails before anything is armed.
    @Test func aCorruptQueueTableFailsStartUpThoughItsIndexReads() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        _ = try store.insert((0..<200).map { draft("user\($0)") }, at: now)
        let (root, pageSize) = try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.checkpoint(.truncate)
            return (
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'termination'")!,
                try Int.fetchOne(db, sql: "PRAGMA page_size")!
            )
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let page = (root - 1) * pageSize
        bytes.replaceSubrange(page + 8..<page + pageSize, with: Data(repeating: 0xFF, count: pageSize - 8))
        try bytes.write(to: URL(fileURLWithPath: path))

        let reopened = try TerminationStore(path: path)
        var read = 0
        let error = #expect(throws: StoreError.self) { try reopened.forEachPendingJob { _ in read += 1 } }

        #expect(read == 200)
        #expect(error?.code == .unreadable)
        #expect(
            error?.message == "\(path): the termination database is corrupt (quick_check failed); it was left as it is"
        )
    }

    @Test func aDatabaseFromANewerCurfewIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TerminationStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }

        let error = #expect(throws: StoreError.self) { try TerminationStore(path: path) }

        #expect(error?.code == .newerSchema)
        #expect(error?.message.contains("v99: from the future") == true)
    }

    @Test func anUnwritableLocationIsAClearError() {
        let error = #expect(throws: StoreError.self) { try TerminationStore(path: "/proc/curfew/curfew.sqlite") }
        #expect(error?.message.hasPrefix("/proc/curfew/curfew.sqlite: cannot open the termination database") == true)
    }

    @Test func stateChangesCheckTheStateTheyExpect() throws {
        let store = try TerminationStore(inMemory: ())
        let job = try store.insert([draft()], at: now)[0].termination

        _ = try store.cancel(job.id, by: .daemon, at: now)

        let again = #expect(throws: StoreError.self) { try store.cancel(job.id, by: .daemon, at: now) }
        #expect(again?.code == .conflict(.cancelled))
        #expect(throws: StoreError.self) { try store.reschedule(job.id, to: now, by: .daemon, at: now) }
        #expect(try store.beginFiring([job.id], at: now).isEmpty)
        let missing = #expect(throws: StoreError.self) { try store.cancel(TerminationID(77), by: .daemon, at: now) }
        #expect(missing?.code == .notFound)
    }

    @Test func firingWritesEveryStepAndTheHistorySaysSo() throws {
        let store = try TerminationStore(inMemory: ())
        let job = try store.insert([draft()], at: now)[0].termination
        let due = job.dueAt.addingTimeInterval(0.002)

        _ = try store.beginFiring([job.id], at: due)
        _ = try store.recordResolution(
            job.id,
            sessions: [SessionOutcome(sessionID: "4", user: "alice", result: .pending)],
            at: due
        )
        try store.recordOutcome(job.id, SessionOutcome(sessionID: "4", user: "alice", result: .terminated, at: due))
        let done = try store.finishFiring(job.id, at: due)

        #expect(done.state == .completed)
        #expect(done.history.map(\.to) == [.scheduled, .firing, .completed])
        #expect(done.history[1].note == "2.0 ms late")
        #expect(done.sessions.map(\.result) == [.terminated])
        #expect(abs(try #require(done.sessions.first?.at).timeIntervalSince(due)) < 0.000_01)
        #expect(abs((done.lateness ?? 0) - 0.002) < 0.0001)
    }

    @Test func listingFiltersByStateAndUserNewestFirst() throws {
        let store = try TerminationStore(inMemory: ())
        let jobs = try store.insert([draft("alice"), draft("bob"), draft("alice")], at: now).map(\.termination)
        _ = try store.cancel(jobs[2].id, by: .daemon, at: now)

        #expect(try store.terminations(user: "alice").map(\.id) == [jobs[2].id, jobs[0].id])
        #expect(try store.terminations(state: .scheduled).map(\.id) == [jobs[1].id, jobs[0].id])
        #expect(try store.terminations(limit: 1, offset: 1).map(\.id) == [jobs[1].id])
    }
}

/// The audit trail: written with the change it records, reported once committed, never changed afterwards.
@Suite struct AuditTrailTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func everyChangeLeavesAnEntryAndObserversHearOfItAfterCommit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "curfew-audit-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let heard = Mutex<[AuditEntry.Action]>([])
        let store = try TerminationStore(path: directory.appendingPathComponent("a.sqlite").path) { entry in
            heard.withLock { $0.append(entry.action) }
        }
        let draft = TerminationDraft(
            target: .user("alice", .none),
            dueAt: now.addingTimeInterval(60),
            reason: "r",
            notices: .none,
            caller: Caller(uid: 0, name: "root", pid: 1),
            dryRun: false
        )
        let job = try store.insert([draft], at: now)[0].termination
        _ = try store.beginFiring([job.id], at: now.addingTimeInterval(60))
        _ = try store.recordResolution(
            job.id,
            sessions: [SessionOutcome(sessionID: "3", user: "alice", result: .pending)],
            at: now
        )
        try store.recordOutcome(job.id, SessionOutcome(sessionID: "3", user: "alice", result: .terminated, at: now))
        _ = try store.finishFiring(job.id, at: now)
        // A refused change (cancelling a completed job) rolls back and is not heard of.
        #expect(throws: StoreError.self) { try store.cancel(job.id, by: .daemon, at: now) }

        let actions: [AuditEntry.Action] = [.scheduled, .fired, .sessionTerminated, .completed]
        #expect(heard.withLock { $0 } == actions)
        #expect(try store.auditEntries().map(\.action) == actions.reversed())
        #expect(try store.auditEntries(actions: [.sessionTerminated]).first?.sessionID == "3")
        #expect(try store.auditEntries(user: "alice").count == 4)
        #expect(try store.auditEntries(actor: "root").map(\.action) == [.scheduled])
        #expect(try store.auditEntries(actions: [.fired, .completed]).map(\.action) == [.completed, .fired])
        // Scheduled at `now`, fired 60 s later: a time range takes both ends in.
        let scheduledOnly = try store.auditEntries(until: now).map(\.action)
        #expect(scheduledOnly.contains(.scheduled) && !scheduledOnly.contains(.fired))
        #expect(try store.auditEntries(since: now, until: now.addingTimeInterval(60)).count == 4)
        #expect(try store.auditEntries(until: now.addingTimeInterval(-1)).isEmpty)
        #expect(try store.auditEntries(since: now.addingTimeInterval(61)).isEmpty)
    }

    @Test func theTrailCannotBeRewritten() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "curfew-audit-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a.sqlite").path
        let store = try TerminationStore(path: path)
        try store.appendAudit(AuditEntry(at: now, actor: .daemon, action: .denied, result: "403"))

        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE audit SET result = 'ok'") }
        }
        #expect(try store.auditEntries().count == 1)
    }
}
