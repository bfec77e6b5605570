import Foundation
import GRDB
import Synchronization
import Testing

@testable import CurfewStore

/// A disk that fills up, for unit tests: the database may not grow past a page limit (`PRAGMA max_page_count`, which
/// SQLite enforces with SQLITE_FULL, as a full file system does), and the reserve is pages added to that limit a
/// part at a time. `freeSpace()` is the admin making room.
final class PageBudget: SpaceReserve {
    static let pageSize: Int64 = 4096
    let capacity: Int64
    let part: Int64

    private struct State {
        var store: TerminationStore?
        var held: Int64
        var room = false
    }
    private let state: Mutex<State>

    init(pages: Int64 = 64, partPages: Int64 = 8) {
        capacity = pages * Self.pageSize
        part = partPages * Self.pageSize
        state = Mutex(State(held: pages * Self.pageSize))
    }

    func attach(_ store: TerminationStore) { state.withLock { $0.store = store } }

    var held: Int64 { state.withLock { $0.held } }

    /// Fills the disk: not one more page. The free pages a migration left (v4 dropped an index) would be room, so
    /// they go first.
    func fill() throws {
        try limit { db in
            try db.execute(sql: "VACUUM")
            return try Int.fetchOne(db, sql: "PRAGMA page_count")!
        }
        state.withLock { $0.room = false }
    }

    /// The admin freed space: the reserve can be taken back and the database may grow again.
    func freeSpace() { state.withLock { $0.room = true } }

    func release() -> Bool {
        let given = state.withLock { state -> Int64 in
            let given = min(part, state.held)
            state.held -= given
            return given
        }
        guard given > 0 else { return false }
        try? limit { db in try Int.fetchOne(db, sql: "PRAGMA max_page_count")! + Int(given / Self.pageSize) }
        return true
    }

    func refill() -> Bool {
        guard state.withLock({ $0.room }) else { return false }
        try? limit { _ in 1_073_741_823 }
        state.withLock { $0.held = capacity }
        return true
    }

    private func limit(_ pages: (Database) throws -> Int) throws {
        let store = try #require(state.withLock { $0.store })
        try store.writer.database.writeWithoutTransaction { db in
            let count = try pages(db)
            try db.execute(sql: "PRAGMA max_page_count = \(count)")
        }
    }
}
