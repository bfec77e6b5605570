import CurfewCore
import Logging

/// Logs every audit entry with its action's stable MESSAGE_ID and curfew's own fields as metadata. Under systemd
/// the journal handler makes them fields (`journalctl MESSAGE_ID=...`, `journalctl CURFEW_USER=alice`); on a
/// terminal they follow the line as key=value.
public struct AuditJournal: Sendable {
    let logger: Logger

    public init(logger: Logger = Logger(label: "curfew.audit")) {
        self.logger = logger
    }

    public func record(_ entry: AuditEntry) {
        let level: Logger.Level = entry.action == .denied || entry.action == .failed ? .warning : .notice
        logger.log(level: level, "audit: \(entry.summary)", metadata: Self.metadata(of: entry))
    }

    static func metadata(of entry: AuditEntry) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "message_id": "\(entry.action.messageID)",
            "action": "\(entry.action.rawValue)",
            "actor": "\(entry.actor.name)",
            "actor_uid": "\(entry.actor.uid)",
            "actor_pid": "\(entry.actor.pid)",
            "result": "\(entry.result)",
        ]
        if let id = entry.terminationID { metadata["termination_id"] = "\(id)" }
        if let session = entry.sessionID { metadata["session"] = "\(session)" }
        if let user = entry.targetUser { metadata["user"] = "\(user)" }
        if let target = entry.target { metadata["target"] = "\(target)" }
        if let reason = entry.reason, !reason.isEmpty { metadata["reason"] = "\(reason)" }
        return metadata
    }
}
