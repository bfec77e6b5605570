import CurfewCore
import Foundation

/// Whether the state directory's file system has room for curfew's writes, and how much of the firing reserve is
/// left.
public struct DiskStatus: Sendable, Equatable {
    /// The state directory, as the admin must be told of it.
    public var directory: String
    /// Since when writes other than firing are refused for lack of space; nil while there is room.
    public var fullSince: Date?
    /// Bytes of the reserve held now, and when whole.
    public var reserveHeld: Int64
    public var reserveCapacity: Int64

    public init(directory: String, fullSince: Date?, reserveHeld: Int64, reserveCapacity: Int64) {
        self.directory = directory
        self.fullSince = fullSince
        self.reserveHeld = reserveHeld
        self.reserveCapacity = reserveCapacity
    }

    public var isFull: Bool { fullSince != nil }

    /// systemd's STATUS note while the disk is full.
    public static let statusNote = "disk full: new jobs refused; firing from the reserve"

    /// "the state directory /var/lib/curfew is full: nothing was scheduled; free space there and try again"
    public func refusal(_ notDone: String) -> String {
        "the state directory \(directory) is full: \(notDone); free space there and try again"
    }

    /// One line for the journal and events, as the state begins or ends.
    public var summary: String {
        let reserve = "\(ByteSize.text(reserveHeld)) of \(ByteSize.text(reserveCapacity))"
        guard isFull else {
            return
                "the state directory \(directory) has room again: new jobs are accepted; the firing reserve is \(reserve)"
        }
        return
            "the state directory \(directory) is full: new jobs, cancels and reschedules are refused; due terminations fire from the reserve (\(reserve) left)"
    }
}
