import CurfewCore
import Foundation
import GRDB

/// What the login gate writes and reads: refusals (audited and published), and the sessions curfew ended that their
/// users have yet to be told about.
extension TerminationStore {
    /// Records a refused login: an audit entry `login-refused` and an event `login.refused`, in one transaction.
    public func recordLoginRefusal(_ query: GateQuery, _ answer: GateAnswer, asker: Caller, at now: Date) throws {
        try writer.write(refusing: "the refusal was not recorded") { db in
            let place = "from \(query.remoteHost ?? "local") through \(query.service)"
            try append(
                AuditEntry(
                    at: now,
                    actor: asker,
                    action: .loginRefused,
                    target: "user \(query.user) \(place)",
                    targetUser: query.user,
                    reason: answer.message,
                    result: "refused by \(answer.rule ?? "curfew")"
                ),
                db
            )
            var details = EventDetails(reason: answer.message)
            details.service = query.service
            details.remoteHost = query.remoteHost
            details.rule = answer.rule
            try write(
                Event(
                    at: now,
                    kind: .loginRefused,
                    users: [query.user],
                    summary: "login of \(query.user) \(place) refused by \(answer.rule ?? "curfew")",
                    details: details
                ),
                db
            )
        }
    }

    /// The sessions of `user` that curfew ended since `since`, newest first.
    public func endedSessions(of user: String, since: Date, limit: Int = 20) throws -> [EndedSession] {
        try writer.read { db in
            try Self.ended(db, user: user, since: since, untoldOnly: false, limit: limit)
        }
    }

    /// The sessions of `user` ended since `since` that the user has not been told about, marked told at `now`:
    /// each is told once.
    public func takeUntoldEnds(of user: String, since: Date, at now: Date) throws -> [EndedSession] {
        try writer.write(refusing: "nothing was marked told") { db in
            let ended = try Self.ended(db, user: user, since: since, untoldOnly: true, limit: 20)
            for session in ended {
                try db.execute(
                    sql: "UPDATE session_outcome SET told_at = ? WHERE termination_id = ? AND session_id = ?",
                    arguments: [now.timeIntervalSince1970, session.terminationID.rawValue, session.sessionID]
                )
            }
            return ended.map { session in
                var session = session
                session.toldAt = now
                return session
            }
        }
    }

    private static func ended(
        _ db: Database,
        user: String,
        since: Date,
        untoldOnly: Bool,
        limit: Int
    ) throws -> [EndedSession] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.termination_id, o.session_id, o.user, o.tty, o.remote_host, o.at, o.told_at,
                       t.caller_name, t.reason
                FROM session_outcome o JOIN termination t ON t.id = o.termination_id
                WHERE o.user = ? AND o.result = 'terminated' AND o.at >= ? \(untoldOnly ? "AND o.told_at IS NULL" : "")
                ORDER BY o.at DESC LIMIT ?
                """,
            arguments: [user, since.timeIntervalSince1970, limit]
        )
        .map { row in
            EndedSession(
                terminationID: TerminationID(row["termination_id"] as Int64),
                sessionID: row["session_id"],
                user: row["user"],
                tty: row["tty"],
                remoteHost: row["remote_host"],
                endedAt: Date(timeIntervalSince1970: (row["at"] as Double?) ?? 0),
                actor: row["caller_name"],
                reason: row["reason"],
                toldAt: (row["told_at"] as Double?).map(Date.init(timeIntervalSince1970:))
            )
        }
    }
}
