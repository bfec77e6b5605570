import CurfewCore
import Foundation
import GRDB

/// A full state directory: refused writes, firing from the reserve, and the `disk.full` / `disk.recovered` events.
extension TerminationStore {
    /// Room or full, and what is left of the firing reserve.
    public var diskStatus: DiskStatus { writer.space.status }

    /// `observer` hears of each change between room and full, once per change, after its event is written.
    public func observeDisk(_ observer: @escaping @Sendable (DiskStatus) -> Void) {
        writer.space.observe(observer)
    }

    /// Takes the reserve back whole at start-up; a file system without room for it starts full (new jobs refused,
    /// firing from whatever is left). Returns the status.
    @discardableResult
    public func prepareReserve(at now: Date) -> DiskStatus {
        guard writer.space.reserve?.refill() == false, let status = writer.space.becameFull(at: now) else {
            return diskStatus
        }
        record(status, at: now)
        return status
    }

    /// While the disk is full: whether room came back (the reserve whole again, with a margin). When it did, new
    /// writes are accepted again and `disk.recovered` is written. Cheap while there is room: nothing to do.
    @discardableResult
    public func checkRoom(at now: Date = Date()) -> Bool {
        guard let status = writer.space.regainedRoom() else { return !writer.space.isFull }
        record(status, at: now)
        return true
    }

    func followDisk() {
        writer.whenFull { [weak self] status in self?.record(status, at: status.fullSince ?? Date()) }
    }

    /// Writes the change as an event (from the reserve when full: it is part of what firing must be able to record)
    /// and tells the observer, whether or not the event could be written.
    private func record(_ status: DiskStatus, at now: Date) {
        var details = EventDetails()
        details.directory = status.directory
        details.reserveBytes = status.reserveHeld
        let event = Event(
            at: now,
            kind: status.isFull ? .diskFull : .diskRecovered,
            users: [],
            summary: status.summary,
            details: details
        )
        try? writer.writeFromReserve { db in try self.write(event, db) }
        // Writing it may have found the disk full again (and said so): a recovery that did not last is not announced.
        guard status.isFull == writer.space.isFull else { return }
        writer.space.announce(status)
    }
}
