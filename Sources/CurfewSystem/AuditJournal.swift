import CurfewCore
import Foundation
import Logging

/// Sends every audit entry to the journal with its action's stable MESSAGE_ID and curfew's own fields, so
/// `journalctl MESSAGE_ID=...` or `journalctl CURFEW_USER=alice` find them; without a journal, to the log.
public struct AuditJournal: Sendable {
    let journal = Journal()
    let useJournal: Bool
    let logger: Logger

    public init(logger: Logger = Logger(label: "curfew.audit"), useJournal: Bool = Journal.isAvailable) {
        self.logger = logger
        self.useJournal = useJournal
    }

    public func record(_ entry: AuditEntry) {
        guard useJournal else {
            logger.notice("audit: \(entry.summary)")
            return
        }
        do {
            try journal.send(Self.fields(of: entry))
        } catch {
            logger.error("cannot write an audit entry to the journal (\(error)): \(entry.summary)")
        }
    }

    static func fields(of entry: AuditEntry) -> [(name: String, value: String)] {
        let priority = entry.action == .denied || entry.action == .failed ? "4" : "5"
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", "audit: \(entry.summary)"),
            ("MESSAGE_ID", entry.action.messageID),
            ("PRIORITY", priority),
            ("SYSLOG_IDENTIFIER", "curfewd"),
            ("CURFEW_ACTION", entry.action.rawValue),
            ("CURFEW_ACTOR", entry.actor.name),
            ("CURFEW_ACTOR_UID", String(entry.actor.uid)),
            ("CURFEW_ACTOR_PID", String(entry.actor.pid)),
            ("CURFEW_RESULT", entry.result),
        ]
        if let id = entry.terminationID { fields.append(("CURFEW_TERMINATION_ID", id.description)) }
        if let session = entry.sessionID { fields.append(("CURFEW_SESSION", session)) }
        if let user = entry.targetUser { fields.append(("CURFEW_USER", user)) }
        if let target = entry.target { fields.append(("CURFEW_TARGET", target)) }
        if let reason = entry.reason, !reason.isEmpty { fields.append(("CURFEW_REASON", reason)) }
        return fields
    }
}
