import Foundation
import Synchronization

/// The store's view of its file system: room, or full since when. Full begins when SQLite reports the disk full and
/// ends when the reserve is whole again with a margin to spare (`checkRoom()`).
final class DiskSpace: Sendable {
    let directory: String
    let reserve: (any SpaceReserve)?
    private struct State {
        var fullSince: Date?
        var observer: (@Sendable (DiskStatus) -> Void)?
    }
    private let state = Mutex(State())

    init(directory: String, reserve: (any SpaceReserve)?) {
        self.directory = directory
        self.reserve = reserve
    }

    var status: DiskStatus {
        DiskStatus(
            directory: directory,
            fullSince: state.withLock { $0.fullSince },
            reserveHeld: reserve?.held ?? 0,
            reserveCapacity: reserve?.capacity ?? 0
        )
    }

    var isFull: Bool { state.withLock { $0.fullSince != nil } }

    /// Told of each change between room and full, after it happened.
    func observe(_ observer: @escaping @Sendable (DiskStatus) -> Void) {
        state.withLock { $0.observer = observer }
    }

    /// Marks the disk full; returns the status to announce if it was not already.
    func becameFull(at now: Date) -> DiskStatus? {
        let began = state.withLock { state in
            guard state.fullSince == nil else { return false }
            state.fullSince = now
            return true
        }
        return began ? status : nil
    }

    /// While full: takes the reserve back if there is room for it (or, without a reserve, if there is a margin of
    /// free space) and marks the disk as having room; returns the status to announce when that happened.
    func regainedRoom() -> DiskStatus? {
        guard isFull else { return nil }
        let room = reserve?.refill() ?? ((BallastFile.freeBytes(in: directory) ?? 0) >= 1 << 20)
        guard room else { return nil }
        let ended = state.withLock { state in
            defer { state.fullSince = nil }
            return state.fullSince != nil
        }
        return ended ? status : nil
    }

    func announce(_ status: DiskStatus) {
        state.withLock { $0.observer }?(status)
    }
}
