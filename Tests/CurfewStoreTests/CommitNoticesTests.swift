import CurfewCore
import CurfewStore
import Foundation
import GRDB
import Synchronization
import Testing

/// What the store tells others once a transaction commits, and what start-up reads.
@Suite struct CommitNoticesTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-commit-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("curfew.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func draft(_ user: String, key: String? = nil, hash: String = "a") -> TerminationDraft {
        var draft = TerminationDraft(
            target: .user(user, .none),
            dueAt: now.addingTimeInterval(3600),
            reason: "offboarding",
            notices: .standard,
            caller: Caller(uid: 1000, name: "admin", pid: 4242),
            dryRun: false
        )
        draft.idempotency = key.map { Idempotency(key: $0, uid: 1000, requestHash: hash) }
        return draft
    }

    @Test func auditEntriesOfOneTransactionAreReportedInOrderOnceItCommits() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reported = Mutex<[String]>([])
        let store = try TerminationStore(path: path) { entry in reported.withLock { $0.append(entry.targetUser ?? "") }
        }

        _ = try store.insert(["alice", "bob", "carol"].map { draft($0) }, at: now)

        #expect(reported.withLock { $0 } == ["alice", "bob", "carol"])
    }

    @Test func nothingIsReportedOfATransactionThatRolledBack() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reported = Mutex<[String]>([])
        let store = try TerminationStore(path: path) { entry in reported.withLock { $0.append(entry.targetUser ?? "") }
        }
        _ = try store.insert([draft("alice", key: "k1")], at: now)
        var wakeups = store.eventFeed.listen().makeAsyncIterator()

        // Bob's job is written, then the reused key with another request rolls the whole transaction back.
        #expect(throws: StoreError.self) {
            try store.insert([draft("bob"), draft("carol", key: "k1", hash: "b")], at: now)
        }
        _ = try store.insert([draft("dave")], at: now)

        #expect(reported.withLock { $0 } == ["alice", "dave"])
        #expect(await wakeups.next() != nil)
        #expect(try store.events(after: 0).compactMap(\.users.first) == ["alice", "dave"])
    }

    @Test func startUpReadsThePendingQueueFromTheIndexAlone() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TerminationStore(path: path)
        // The query `forEachPendingJob` runs: the table's rows lie among the history and events.
        let plan = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT id, due_at, notices, next_notice, state FROM termination
                    WHERE state IN ('scheduled', 'firing')
                    """
            )
            .map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH termination USING COVERING INDEX termination_queue (state=?)"])
    }
}
