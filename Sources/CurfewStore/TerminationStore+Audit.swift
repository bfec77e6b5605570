import CurfewCore
import Foundation
import GRDB

/// The audit trail. Entries are written in the same transaction as the change they record; the table refuses
/// updates and deletes (triggers), so it only grows.
extension TerminationStore {
    /// Records something that changed nothing in the queue (a denial, a refusal).
    public func appendAudit(_ entry: AuditEntry) throws {
        try writer.write { db in try self.append(entry, db) }
    }

    /// Audit entries newest first, filtered by time (`since` and `until` inclusive), actions (any of them), actor
    /// name and target user.
    public func auditEntries(
        since: Date? = nil,
        until: Date? = nil,
        actions: Set<AuditEntry.Action> = [],
        actor: String? = nil,
        user: String? = nil,
        limit: Int = 100,
        offset: Int = 0
    ) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since {
            conditions.append("at >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let until {
            conditions.append("at <= ?")
            arguments += [until.timeIntervalSince1970]
        }
        if !actions.isEmpty {
            let sorted = actions.map(\.rawValue).sorted()
            conditions.append("action IN (\(sorted.map { _ in "?" }.joined(separator: ", ")))")
            for action in sorted { arguments += [action] }
        }
        if let actor {
            conditions.append("user = ?")
            arguments += [actor]
        }
        if let user {
            conditions.append("target_user = ?")
            arguments += [user]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit, offset]
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, at, uid, user, pid, action, target, target_user, termination_id, session_id, reason, result
                    FROM audit \(filter) ORDER BY id DESC LIMIT ? OFFSET ?
                    """,
                arguments: arguments
            )
            .map { row in
                var entry = AuditEntry(
                    at: Date(timeIntervalSince1970: row["at"]),
                    actor: Caller(uid: UInt32(row["uid"] as Int64), name: row["user"], pid: Int32(row["pid"] as Int64)),
                    action: AuditEntry.Action(rawValue: row["action"]) ?? .refused,
                    target: row["target"],
                    targetUser: row["target_user"],
                    terminationID: (row["termination_id"] as Int64?).map { TerminationID($0) },
                    sessionID: row["session_id"],
                    reason: row["reason"],
                    result: row["result"]
                )
                entry.id = row["id"]
                return entry
            }
        }
    }

    func append(_ entry: AuditEntry, _ db: Database) throws {
        try Self.append(entry, db)
        // Reported once durable, never for a rolled-back change.
        commitNotices.audited(entry)
    }

    static func append(_ entry: AuditEntry, _ db: Database) throws {
        var rows = NewRows.audit(db)
        try rows.append(entry)
        try rows.write()
    }

    /// An entry about a job, as the daemon or a caller acted on it; `known` spares decoding the target.
    static func auditEntry(
        _ action: AuditEntry.Action,
        _ record: TerminationRecord,
        by actor: Caller = .daemon,
        at now: Date,
        session: String? = nil,
        result: String,
        target known: Target? = nil
    ) -> AuditEntry {
        AuditEntry(
            at: now,
            actor: actor,
            action: action,
            target: (known ?? record.decodedTarget)?.summary,
            targetUser: record.targetUser,
            terminationID: record.id.map { TerminationID($0) },
            sessionID: session,
            reason: record.reason,
            result: result
        )
    }
}
