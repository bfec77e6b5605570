import CurfewCore
import Foundation
import GRDB
import Testing

@testable import CurfewStore

/// A batch of jobs is written table by table in statements of many rows (`NewRows`); what it leaves is what one job
/// at a time left.
@Suite struct BatchedInsertTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-batch-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("curfew.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func draft(_ index: Int, key: String? = nil, hash: String = "a", reason: String = "term over") -> TerminationDraft {
        var draft = TerminationDraft(
            target: index % 3 == 0
                ? .group("students", .none) : .user("user\(index % 7)", SessionFilter(tty: "pts/\(index)")),
            dueAt: now.addingTimeInterval(3600 + Double(index)),
            reason: reason,
            notices: .standard,
            caller: Caller(uid: 1000, name: "admin", pid: 4242),
            dryRun: index % 2 == 0
        )
        draft.idempotency = key.map { Idempotency(key: $0, uid: 1000, requestHash: hash) }
        return draft
    }

    /// 200 jobs cross three full statements of 64 rows and end in a part-filled one; two in three carry keys, so the
    /// keys' statement fills at other jobs than the jobs' statement does.
    @Test func aBatchAcrossSeveralStatementsIsWrittenWholeWithIncreasingIds() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        _ = try store.insert([draft(0)], at: now)
        let drafts = (1...200).map { draft($0, key: $0 % 3 == 0 ? nil : "key-\($0)") }

        let inserted = try store.insert(drafts, at: now)

        let ids = inserted.map(\.termination.id.rawValue)
        #expect(ids == Array(2...201))
        #expect(inserted.allSatisfy { !$0.replayed })
        for (draft, job) in zip(drafts, inserted.map(\.termination)) {
            let stored = try #require(try store.termination(job.id))
            #expect(stored == job)
            #expect(stored.target == draft.target && stored.dueAt == draft.dueAt && stored.dryRun == draft.dryRun)
            #expect(stored.history.count == 1)
        }
        let events = try store.events(after: 0, limit: 1_000)
        #expect(events.map(\.id) == Array(1...201))
        #expect(events.map(\.terminationID?.rawValue) == Array(1...201).map { Optional(Int64($0)) })
        #expect(
            try store.events(after: 0, concerning: "user1", limit: 1_000).count
                == drafts.count(where: { $0.target.user == "user1" })
        )
        #expect(try store.auditEntries(limit: 1_000).count == 201)
        // A key of the batch finds its job when the request comes again.
        let again = try store.insert([draft(100, key: "key-100")], at: now)
        #expect(again[0].replayed && again[0].termination.id.rawValue == 101)
    }

    @Test func aKeyRepeatedInOneBatchGivesTheFirstJobOrRefusesTheWholeBatch() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)

        let same = try store.insert([draft(1, key: "k"), draft(1, key: "k")], at: now)
        #expect(same.map(\.replayed) == [false, true])
        #expect(same[0].termination == same[1].termination)

        #expect(throws: StoreError.self) {
            try store.insert([draft(2, key: "k2"), draft(2), draft(3, key: "k2", hash: "b")], at: now)
        }
        #expect(try store.terminations(limit: 10).count == 1)
    }

    @Test func emptyTextIsStoredAsEmptyNotNull() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        let job = try store.insert([draft(1, reason: "")], at: now)[0].termination
        #expect(try store.termination(job.id)?.reason == "")
    }

    /// The stored JSON of a target is written by hand; it reads as `JSONEncoder`'s does, and as the same target.
    @Test(arguments: [
        Target.user("alice", .none),
        .user(
            "al\"ice\\",
            SessionFilter(remoteHost: "10.0.0.1", service: "sshd", tty: "pts/0", sessionClass: "user", type: "tty")
        ),
        .group("students", SessionFilter(service: "gdm\u{1}")),
        .all(.none),
        .all(SessionFilter(remoteHost: "ünïcode")),
        .sessions([SessionRef(id: "c1", user: "bob", createdAt: Date(timeIntervalSince1970: 1_790_000_000.5))]),
    ])
    func aTargetIsStoredAsTheEncoderWouldStoreIt(_ target: Target) throws {
        let json = try TargetCache.json(target)
        let encoded = try JSONEncoder().encode(target)
        let mine = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(mine == theirs)
        #expect(try JSONDecoder().decode(Target.self, from: Data(json.utf8)) == target)
    }
}
