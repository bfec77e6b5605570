import CurfewCore
import Foundation
import GRDB

/// Holds: users a termination keeps out through the login gate until a time. Placed in the transaction that
/// finishes the termination, lifted by an admin; both audited and published.
extension TerminationStore {
    /// Places the holds of a finished job, if it has one: on its target user and on every user whose session it ended.
    /// A dry run places none.
    func placeHolds(_ record: TerminationRecord, at now: Date, _ db: Database) throws {
        guard let spec = record.hold, !record.dryRun, let id = record.id else { return }
        let until = spec.until(after: now)
        guard until > now else { return }
        var users = try String.fetchAll(
            db,
            sql:
                "SELECT DISTINCT user FROM session_outcome WHERE termination_id = ? AND result = 'terminated' ORDER BY user",
            arguments: [id]
        )
        if let user = record.targetUser, !users.contains(user) { users.insert(user, at: 0) }
        for user in users {
            try db.execute(
                sql: """
                    INSERT INTO hold (user, since, until, termination_id, actor, reason) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user, now.timeIntervalSince1970, until.timeIntervalSince1970, id, record.callerName, record.reason,
                ]
            )
            let text = "until \(TimeText.rfc3339(until))"
            try append(
                AuditEntry(
                    at: now,
                    actor: .daemon,
                    action: .held,
                    target: "user \(user)",
                    targetUser: user,
                    terminationID: TerminationID(id),
                    reason: record.reason,
                    result: text
                ),
                db
            )
            var details = EventDetails(reason: record.reason)
            details.until = TimeText.rfc3339(until)
            try write(
                Event(
                    at: now,
                    kind: .holdPlaced,
                    terminationID: TerminationID(id),
                    users: [user],
                    summary: "\(user) is held out \(text) (termination \(id))",
                    details: details
                ),
                db
            )
        }
    }

    /// The hold keeping `user` out at `now` that lasts longest, if any.
    public func activeHold(of user: String, at now: Date) throws -> Hold? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM hold WHERE user = ? AND until > ? AND lifted_at IS NULL ORDER BY until DESC LIMIT 1
                    """,
                arguments: [user, now.timeIntervalSince1970]
            )
            .map(Self.hold)
        }
    }

    /// Every hold in force at `now`, soonest to end first.
    public func activeHolds(at now: Date) throws -> [Hold] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM hold WHERE until > ? AND lifted_at IS NULL ORDER BY until, user",
                arguments: [now.timeIntervalSince1970]
            )
            .map(Self.hold)
        }
    }

    /// Ends every hold on `user` now, audited as `hold-lifted` with the caller; returns the holds lifted (none when
    /// the user was not held).
    public func liftHolds(of user: String, by caller: Caller, at now: Date) throws -> [Hold] {
        try writer.write(refusing: "no hold was lifted") { db in
            let held = try Row.fetchAll(
                db,
                sql: "SELECT * FROM hold WHERE user = ? AND until > ? AND lifted_at IS NULL ORDER BY until",
                arguments: [user, now.timeIntervalSince1970]
            )
            .map(Self.hold)
            guard !held.isEmpty else { return [] }
            try db.execute(
                sql: "UPDATE hold SET lifted_at = ?, lifted_by = ? WHERE user = ? AND until > ? AND lifted_at IS NULL",
                arguments: [now.timeIntervalSince1970, caller.name, user, now.timeIntervalSince1970]
            )
            let until = held.map(\.until).max()!
            let text = "lifted; it would have lasted until \(TimeText.rfc3339(until))"
            try append(
                AuditEntry(
                    at: now,
                    actor: caller,
                    action: .holdLifted,
                    target: "user \(user)",
                    targetUser: user,
                    terminationID: held.last?.terminationID,
                    result: text
                ),
                db
            )
            var details = changeDetails(by: caller)
            details.until = TimeText.rfc3339(until)
            try write(
                Event(
                    at: now,
                    kind: .holdLifted,
                    terminationID: held.last?.terminationID,
                    users: [user],
                    summary: "the hold on \(user) was lifted by \(caller.name)",
                    details: details
                ),
                db
            )
            return held.map { hold in
                var hold = hold
                hold.liftedAt = now
                hold.liftedBy = caller.name
                return hold
            }
        }
    }

    static func hold(_ row: Row) -> Hold {
        Hold(
            id: row["id"],
            user: row["user"],
            since: Date(timeIntervalSince1970: row["since"]),
            until: Date(timeIntervalSince1970: row["until"]),
            terminationID: (row["termination_id"] as Int64?).map { TerminationID($0) },
            actor: row["actor"],
            reason: row["reason"],
            liftedAt: (row["lifted_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            liftedBy: row["lifted_by"]
        )
    }
}
