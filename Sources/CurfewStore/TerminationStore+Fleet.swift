import CurfewCore
import Foundation
import GRDB

/// Fleet links and the fleet report outbox: every change to a fleet job's local termination queues a report in the
/// same place the event log records it, so a report is never lost to a crash or an unreachable database.
extension TerminationStore {
    public func fleetLink(_ fleetID: String) throws -> FleetLink? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT fleet_id, termination_id, revision, settled, detail FROM fleet_link WHERE fleet_id = ?",
                arguments: [fleetID]
            )
            .map(Self.fleetLink)
        }
    }

    /// Records what a fleet job became here and queues its report, with `event` if given, in one transaction.
    public func recordFleetLink(_ link: FleetLink, at now: Date, event: Event? = nil) throws {
        try writer.write { db in
            if let event { try self.write(event, db) }
            try db.execute(
                sql: """
                    INSERT INTO fleet_link (fleet_id, termination_id, revision, settled, detail, linked_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (fleet_id) DO UPDATE SET termination_id = excluded.termination_id,
                    revision = excluded.revision, settled = excluded.settled, detail = excluded.detail
                    """,
                arguments: [
                    link.fleetID, link.terminationID?.rawValue, link.revision, link.settled?.rawValue, link.detail,
                    now.timeIntervalSince1970,
                ]
            )
            try Self.queueFleetReport(link.fleetID, at: now, db)
        }
    }

    /// Queues a report for every fleet job whose local termination has events since the last call; returns how many.
    @discardableResult
    public func fillFleetOutbox(at now: Date) throws -> Int {
        try writer.write { db in
            let cursor = try Int64.fetchOne(db, sql: "SELECT last_event_id FROM fleet_cursor") ?? 0
            let newest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), ?) FROM event", arguments: [cursor])
            let changed = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT l.fleet_id FROM event e JOIN fleet_link l ON l.termination_id = e.termination_id
                    WHERE e.id > ? AND e.id <= ?
                    """,
                arguments: [cursor, newest]
            )
            for fleetID in changed { try Self.queueFleetReport(fleetID, at: now, db) }
            try db.execute(sql: "UPDATE fleet_cursor SET last_event_id = ?", arguments: [newest])
            return changed.count
        }
    }

    /// Reports waiting to be sent, oldest first, each with its local job as it stands now.
    public func pendingFleetReports(limit: Int = 100) throws -> [FleetReportDraft] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT l.fleet_id, l.termination_id, l.revision, l.settled, l.detail, o.generation
                    FROM fleet_outbox o JOIN fleet_link l ON l.fleet_id = o.fleet_id ORDER BY o.queued_at LIMIT ?
                    """,
                arguments: [limit]
            )
            .map { row in
                let link = Self.fleetLink(row)
                return FleetReportDraft(
                    link: link,
                    termination: try link.terminationID.flatMap { try Self.load($0, db) },
                    generation: row["generation"]
                )
            }
        }
    }

    /// The report was stored centrally; a newer change queued since stays queued.
    public func markFleetReported(_ fleetID: String, generation: Int64) throws {
        try writer.write { db in
            try db.execute(
                sql: "DELETE FROM fleet_outbox WHERE fleet_id = ? AND generation = ?",
                arguments: [fleetID, generation]
            )
        }
    }

    /// Writes a fleet event about this host (connected, unreachable, clock skew) on its own.
    public func recordFleetEvent(_ event: Event) throws {
        try writer.write { db in try self.write(event, db) }
    }

    /// How many reports wait (for status).
    public func fleetOutboxCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM fleet_outbox") ?? 0 }
    }

    private static func queueFleetReport(_ fleetID: String, at now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO fleet_outbox (fleet_id, generation, queued_at) VALUES (?, 1, ?)
                ON CONFLICT (fleet_id) DO UPDATE SET generation = generation + 1
                """,
            arguments: [fleetID, now.timeIntervalSince1970]
        )
    }

    private static func fleetLink(_ row: Row) -> FleetLink {
        FleetLink(
            fleetID: row["fleet_id"],
            terminationID: (row["termination_id"] as Int64?).map { TerminationID(rawValue: $0) },
            revision: row["revision"],
            settled: (row["settled"] as String?).flatMap(FleetLink.Settled.init(rawValue:)),
            detail: row["detail"]
        )
    }
}
