import CurfewCore
import Foundation
import GRDB

/// What the policies need from the store beyond ordinary terminations.
extension TerminationStore {
    /// Scheduled jobs a policy made (actor `policy NAME`), for the policies to take up again at start-up.
    public func pendingPolicyTerminations() throws -> [Termination] {
        try writer.read { db in
            try TerminationRecord.fetchAll(
                db,
                sql: "SELECT * FROM termination WHERE state = 'scheduled' AND caller_name LIKE ? AND caller_pid = 0",
                arguments: [Policy.actorPrefix + "%"]
            )
            .map { try Self.complete($0, db) }
        }
    }

    /// A policy's alarm: an audit entry and an event, in one transaction.
    public func recordAlarm(
        policy: String,
        kind: EventKind,
        user: String,
        summary: String,
        addresses: [String],
        at now: Date
    ) throws {
        let actor = Caller(uid: 0, name: Policy.actorPrefix + policy, pid: 0)
        try writer.write { db in
            try self.append(
                AuditEntry(
                    at: now,
                    actor: actor,
                    action: .alarm,
                    target: "user \(user)",
                    targetUser: user,
                    result: summary
                ),
                db
            )
            try self.write(
                Event(
                    at: now,
                    kind: kind,
                    users: [user],
                    summary: summary,
                    details: EventDetails(target: "user \(user)", actor: actor, policy: policy, addresses: addresses)
                ),
                db
            )
        }
    }
}
