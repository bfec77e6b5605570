import CurfewCore
import Foundation
import GRDB

/// The event log. Events are written in the same transaction as the change they describe, so a consumer never hears
/// of a change that was rolled back and never misses one that committed.
extension TerminationStore {
    /// Events after `id`, oldest first, optionally of some types and only those concerning one user (events about
    /// every user included).
    public func events(
        after id: Int64,
        types: Set<EventKind>? = nil,
        concerning user: String? = nil,
        limit: Int = 500
    ) throws -> [Event] {
        var conditions = ["id > ?"]
        var arguments: StatementArguments = [id]
        if let types {
            guard !types.isEmpty else { return [] }
            conditions.append("type IN (\(Array(repeating: "?", count: types.count).joined(separator: ",")))")
            arguments += StatementArguments(types.map(\.rawValue).sorted())
        }
        if let user {
            conditions.append("id IN (SELECT event_id FROM event_user WHERE user IN (?, '*'))")
            arguments += [user]
        }
        arguments += [limit]
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, at, type, termination_id, session_id, users, all_users, summary, details FROM event
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?
                    """,
                arguments: arguments
            )
            .compactMap(Self.readEvent)
        }
    }

    /// Where the log stands: the newest id ever written and the largest id pruned.
    public func eventHorizon() throws -> EventHorizon {
        try writer.read { db in try Self.horizon(db) }
    }

    /// Deletes events (and finished webhook deliveries) older than `cutoff`; returns how many events went.
    @discardableResult
    public func pruneEvents(before cutoff: Date) throws -> Int {
        try writer.write { db in
            let limit = cutoff.timeIntervalSince1970
            let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM event WHERE at < ?", arguments: [limit])
            try db.execute(sql: "DELETE FROM event WHERE at < ?", arguments: [limit])
            let count = db.changesCount
            if let newest {
                try db.execute(
                    sql: "UPDATE event_horizon SET pruned_through = max(pruned_through, ?)",
                    arguments: [newest]
                )
            }
            try db.execute(
                sql: "DELETE FROM webhook_delivery WHERE state != 'pending' AND finished_at < ?",
                arguments: [limit]
            )
            return count
        }
    }

    static func horizon(_ db: Database) throws -> EventHorizon {
        let pruned = try Int64.fetchOne(db, sql: "SELECT pruned_through FROM event_horizon") ?? 0
        let newest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0
        return EventHorizon(newestID: newest, prunedThrough: pruned)
    }

    static func readEvent(_ row: Row) -> Event? {
        guard let kind = EventKind(rawValue: row["type"]) else { return nil }
        let details = (try? JSONDecoder().decode(EventDetails.self, from: Data((row["details"] as String).utf8)))
        let users: String = row["users"]
        return Event(
            id: row["id"],
            at: Date(timeIntervalSince1970: row["at"]),
            kind: kind,
            terminationID: (row["termination_id"] as Int64?).map { TerminationID($0) },
            sessionID: row["session_id"],
            users: users.isEmpty ? [] : users.split(separator: ",").map(String.init),
            allUsers: row["all_users"],
            summary: row["summary"],
            details: details ?? EventDetails()
        )
    }

    /// Writes an event in `db`'s transaction; listeners are woken once it commits (once per transaction).
    func write(_ event: Event, _ db: Database) throws {
        var rows = EventRows(db)
        try rows.append(event)
        try write(&rows)
    }

    /// Writes the events not yet written.
    func write(_ events: inout EventRows) throws {
        guard !events.isEmpty else { return }
        try events.write()
        commitNotices.eventWritten()
    }
}

/// How far the event log reaches.
public struct EventHorizon: Sendable, Equatable {
    /// The newest id ever given; 0 before the first event.
    public var newestID: Int64
    /// Every event up to this id may have been pruned by retention; 0 when none was.
    public var prunedThrough: Int64

    public init(newestID: Int64, prunedThrough: Int64) {
        self.newestID = newestID
        self.prunedThrough = prunedThrough
    }
}
