import Foundation
import GRDB
import Synchronization

/// The store's one door to its database. Reads always go through. While the disk is full, writes other than firing
/// are refused at once, before SQLite is asked, so that whatever room is left or given back by the reserve goes to
/// firing; firing writes that find the disk full give back a part of the reserve and try again.
final class StoreWriter: Sendable {
    let database: any DatabaseWriter
    let space: DiskSpace
    let notices: CommitNotices
    /// Called once each time the disk is found full (the store records and announces it).
    private let onFull = Mutex<(@Sendable (DiskStatus) -> Void)?>(nil)

    init(_ database: any DatabaseWriter, space: DiskSpace, notices: CommitNotices) {
        self.database = database
        self.space = space
        self.notices = notices
    }

    func whenFull(_ body: @escaping @Sendable (DiskStatus) -> Void) {
        onFull.withLock { $0 = body }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    /// An ordinary write. While the disk is full it is refused with a `diskFull` error saying `notDone` ("nothing
    /// was scheduled"); with `fromReserve` it records firing and goes on (`writeFromReserve`).
    func write<T>(
        refusing notDone: String = "nothing was changed",
        fromReserve: Bool = false,
        _ body: (Database) throws -> T
    ) throws -> T {
        if fromReserve { return try writeFromReserve(body) }
        if space.isFull { throw refusal(notDone) }
        do {
            return try transaction(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            found(error)
            throw refusal(notDone)
        }
    }

    /// A write that records firing: it goes on while the disk is full, giving back the reserve a part at a time
    /// until SQLite has room. Only when the reserve is spent does it fail.
    func writeFromReserve<T>(_ body: (Database) throws -> T) throws -> T {
        while true {
            do {
                return try transaction(body)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
                found(error)
                guard space.reserve?.release() == true else {
                    throw StoreError(
                        .diskFull,
                        "the state directory \(space.directory) is full and the firing reserve is spent: \(error.message ?? "\(error.resultCode)")"
                    )
                }
            }
        }
    }

    /// One transaction. What an earlier one left to tell is dropped first: SQLite rolls a transaction back by itself
    /// when the disk fills up during its COMMIT, and GRDB then tells no observer of the rollback.
    private func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write { db in
            notices.transactionBegins()
            return try body(db)
        }
    }

    private func found(_ error: DatabaseError) {
        guard let status = space.becameFull(at: Date()) else { return }
        onFull.withLock { $0 }?(status)
    }

    private func refusal(_ notDone: String) -> StoreError {
        StoreError(.diskFull, space.status.refusal(notDone))
    }
}
