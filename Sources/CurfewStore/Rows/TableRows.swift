import CurfewCore
import Foundation
import GRDB

/// The rows each table is written with: one place per table for its columns and how a value becomes a row.
extension NewRows {
    static func terminations(_ db: Database) -> NewRows {
        NewRows(
            "termination",
            [
                "id", "target", "target_user", "due_at", "reason", "notices", "next_notice", "caller_uid",
                "caller_name", "caller_pid", "state", "created_at", "fired_at", "resolved_at", "finished_at", "dry_run",
                "hold_seconds", "hold_until",
            ],
            db
        )
    }

    /// A new job's row; its id is given beforehand (`Database.nextID`).
    mutating func append(_ record: TerminationRecord) throws {
        try append(
            SQLValue(record.id),
            .text(record.target),
            SQLValue(record.targetUser),
            .real(record.dueAt),
            .text(record.reason),
            .text(record.notices),
            SQLValue(record.nextNotice),
            .integer(record.callerUid),
            .text(record.callerName),
            .integer(record.callerPid),
            .text(record.state),
            .real(record.createdAt),
            SQLValue(record.firedAt),
            SQLValue(record.resolvedAt),
            SQLValue(record.finishedAt),
            SQLValue(record.dryRun),
            SQLValue(record.holdSeconds),
            SQLValue(record.holdUntil)
        )
    }

    static func transitions(_ db: Database) -> NewRows {
        NewRows("transition", ["termination_id", "from_state", "to_state", "at", "note"], db)
    }

    mutating func append(_ transition: Transition, to id: Int64) throws {
        try append(
            .integer(id),
            SQLValue(transition.from?.rawValue),
            .text(transition.to.rawValue),
            .real(transition.at.timeIntervalSince1970),
            SQLValue(transition.note)
        )
    }

    static func audit(_ db: Database) -> NewRows {
        NewRows(
            "audit",
            [
                "at", "uid", "user", "pid", "action", "target", "target_user", "termination_id", "session_id", "reason",
                "result",
            ],
            db
        )
    }

    mutating func append(_ entry: AuditEntry) throws {
        try append(
            .real(entry.at.timeIntervalSince1970),
            .integer(Int64(entry.actor.uid)),
            .text(entry.actor.name),
            .integer(Int64(entry.actor.pid)),
            .text(entry.action.rawValue),
            SQLValue(entry.target),
            SQLValue(entry.targetUser),
            SQLValue(entry.terminationID?.rawValue),
            SQLValue(entry.sessionID),
            SQLValue(entry.reason),
            .text(entry.result)
        )
    }

    static func idempotencyKeys(_ db: Database) -> NewRows {
        NewRows("idempotency", ["key", "uid", "request_hash", "termination_id", "created_at"], db)
    }

    mutating func append(_ idempotency: Idempotency, for id: Int64, at now: Date) throws {
        try append(
            .text(idempotency.key),
            .integer(Int64(idempotency.uid)),
            .text(idempotency.requestHash),
            .integer(id),
            .real(now.timeIntervalSince1970)
        )
    }
}

/// Events of one transaction, each with a row per user it concerns ("*" for all users), written as `NewRows` are.
/// Ids follow every event written before; nothing else may write events while these are being appended.
struct EventRows {
    private let db: Database
    private var events: NewRows
    private var users: NewRows
    private var nextID: Int64?

    init(_ db: Database) {
        self.db = db
        events = NewRows(
            "event",
            ["id", "at", "type", "termination_id", "session_id", "users", "all_users", "summary", "details"],
            db
        )
        users = NewRows("event_user", ["user", "event_id"], db)
    }

    /// No event was appended yet.
    private(set) var isEmpty = true

    mutating func append(_ event: Event) throws {
        let id = try nextID ?? db.nextID(of: "event")
        var names: [String] = []
        for user in event.users where !names.contains(user) { names.append(user) }
        try events.append(
            .integer(id),
            .real(event.at.timeIntervalSince1970),
            .text(event.kind.rawValue),
            SQLValue(event.terminationID?.rawValue),
            SQLValue(event.sessionID),
            .text(names.joined(separator: ",")),
            SQLValue(event.allUsers),
            .text(event.summary),
            .text(event.details.json)
        )
        for user in names + (event.allUsers ? ["*"] : []) {
            // The users' rows refer to their events' rows.
            if users.writesWithNextRow { try events.write() }
            try users.append(.text(user), .integer(id))
        }
        nextID = id + 1
        isEmpty = false
    }

    mutating func write() throws {
        try events.write()
        try users.write()
    }
}
