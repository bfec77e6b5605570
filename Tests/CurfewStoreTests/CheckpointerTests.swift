import CurfewCore
import CurfewStore
import Foundation
import Testing

/// The write-ahead log reaches the database file while the store is open, without SQLite's automatic checkpoint
/// (switched off so that no commit waits for one).
@Suite struct CheckpointerTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-wal-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("curfew.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func committedJobsReachTheDatabaseFileWhileTheStoreIsOpen() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        let before = fileSize(path)
        let draft = TerminationDraft(
            target: .user("alice", .none),
            dueAt: now.addingTimeInterval(3600),
            reason: "offboarding",
            notices: .standard,
            caller: Caller(uid: 0, name: "root", pid: 1),
            dryRun: false
        )
        // Single commits, as the API makes them: enough for the checkpointer to run at least once.
        for _ in 0..<250 {
            _ = try store.insert([draft], at: now)
        }
        var grown = false
        for _ in 0..<100 where !grown {
            grown = fileSize(path) > before
            if !grown { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(grown, "the database file stayed at \(before) bytes: the log was never checkpointed")
        #expect(try store.count() == 250)
    }
}
