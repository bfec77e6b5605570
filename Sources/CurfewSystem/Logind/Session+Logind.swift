import CurfewCore
import Foundation

/// One entry of logind's `ListSessions` reply, `(susso)`.
struct ListedSession: Equatable, Sendable {
    var id: String
    var uid: UInt32
    var user: String
    var seat: String
    var path: String

    init(id: String, uid: UInt32, user: String, seat: String, path: String) {
        self.id = id
        self.uid = uid
        self.user = user
        self.seat = seat
        self.path = path
    }

    init(reading message: BusMessage) throws(SystemCallError) {
        self = try message.readContainer("r", "susso") { fields throws(SystemCallError) in
            ListedSession(
                id: try fields.readString(),
                uid: try fields.readUInt32(),
                user: try fields.readString(),
                seat: try fields.readString(),
                path: try fields.readObjectPath()
            )
        }
    }
}

extension Session {
    /// A session from its `ListSessions` entry and the properties of its `org.freedesktop.login1.Session` object;
    /// properties win where both say something, and unknown ones are ignored.
    init(listed: ListedSession, properties: [String: BusValue]) {
        self.init(id: listed.id, user: listed.user, uid: listed.uid, seat: listed.seat.nonEmpty)
        for (name, value) in properties {
            apply(name, value)
        }
    }

    private mutating func apply(_ name: String, _ value: BusValue) {
        switch (name, value) {
        case ("Id", .string(let text)) where !text.isEmpty: id = text
        case ("Name", .string(let text)) where !text.isEmpty: user = text
        case ("User", .structure(let fields)):  // (uo): uid and the user's object path
            if let uid = fields.first?.unsigned.flatMap(UInt32.init(exactly:)) { self.uid = uid }
        case ("RemoteHost", .string(let text)): remoteHost = text.nonEmpty
        case ("RemoteUser", .string(let text)): remoteUser = text.nonEmpty
        case ("TTY", .string(let text)): tty = text.nonEmpty
        case ("Service", .string(let text)): service = text.nonEmpty
        case ("Type", .string(let text)): type = text.nonEmpty
        case ("Class", .string(let text)): sessionClass = text.nonEmpty
        case ("State", .string(let text)): state = text.nonEmpty
        case ("Seat", .structure(let fields)):  // (so): seat id and object path, "" without a seat
            seat = fields.first?.string?.nonEmpty
        case ("Leader", .unsigned(let pid)):  // 0 when logind does not know it
            leader = Int32(exactly: pid).flatMap { $0 > 0 ? $0 : nil }
        case ("Timestamp", .unsigned(let microseconds)): createdAt = Self.date(microseconds: microseconds)
        case ("IdleHint", .bool(let idle)): idleHint = idle
        case ("IdleSinceHint", .unsigned(let microseconds)): idleSince = Self.date(microseconds: microseconds)
        default: break
        }
    }

    /// logind's CLOCK_REALTIME microseconds; 0 means unknown.
    private static func date(microseconds: UInt64) -> Date? {
        microseconds == 0 ? nil : Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}

extension String {
    /// logind says "not set" with an empty string.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
