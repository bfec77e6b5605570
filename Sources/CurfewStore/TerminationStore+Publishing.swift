import CurfewCore
import Foundation
import GRDB

/// The events each change of a job publishes, worded once here. Called inside the change's transaction.
extension TerminationStore {
    /// An event about a whole job: the users it concerns come from its target (and `alsoUsers`, e.g. the users of
    /// the sessions an all-sessions job ended).
    static func event(
        _ kind: EventKind,
        _ record: TerminationRecord,
        at now: Date,
        target known: Target? = nil,
        what: String,
        details: EventDetails = EventDetails(),
        alsoUsers: [String] = []
    ) -> Event {
        let target = known ?? record.decodedTarget
        var users: [String]
        var everyone = false
        switch target {
        case .user(let name, _)?: users = [name]
        case .sessions(let refs)?: users = refs.map(\.user)
        // A group's members are known only at the due time: the users whose sessions end join then (`alsoUsers`).
        case .group?: users = []
        case .all?, nil:
            users = []
            everyone = true
        }
        users += alsoUsers
        var details = details
        details.target = details.target ?? target?.summary
        details.dueAt = details.dueAt ?? TimeText.rfc3339(Date(timeIntervalSince1970: record.dueAt))
        details.reason = details.reason ?? record.reason
        details.dryRun = details.dryRun ?? record.dryRun
        return Event(
            at: now,
            kind: kind,
            terminationID: record.id.map { TerminationID($0) },
            users: users,
            allUsers: everyone,
            summary: "termination \(record.id ?? 0) (\(target?.summary ?? "unknown target")) \(what)",
            details: details
        )
    }

    /// An event about one session of a job, once its outcome is decided.
    func publish(_ outcome: SessionOutcome, of record: TerminationRecord, at now: Date, _ db: Database) throws {
        let kind: EventKind
        let what: String
        switch outcome.result {
        case .pending: return
        case .terminated:
            kind = .sessionTerminated
            what = "terminated"
        case .failed:
            kind = .sessionFailed
            what = "could not be terminated: \(outcome.error ?? "unknown error")"
        case .gone: (kind, what) = (.sessionSkipped, "skipped: already gone")
        case .skippedProtected: (kind, what) = (.sessionSkipped, "skipped: \(outcome.user) is protected")
        case .dryRun: (kind, what) = (.sessionSkipped, "skipped: dry run")
        }
        try write(
            Event(
                at: now,
                kind: kind,
                terminationID: record.id.map { TerminationID($0) },
                sessionID: outcome.sessionID,
                users: [outcome.user],
                summary: "session \(outcome.sessionID) of \(outcome.user) \(what) (termination \(record.id ?? 0))",
                details: EventDetails(
                    reason: record.reason,
                    dryRun: record.dryRun,
                    result: outcome.result.rawValue,
                    error: outcome.error
                )
            ),
            db
        )
    }

    /// `notice.sent` for a notice recorded in `db`'s transaction.
    func publish(_ notice: NoticeRecord, _ db: Database) throws {
        guard let record = try Self.record(TerminationID(notice.terminationId), db) else { return }
        let sessions = notice.sessions.split(separator: ",").map(String.init)
        let name = notice.kind + (notice.lead.map { " \(DurationText.format($0))" } ?? "")
        let reached = notice.dryRun ? "dry run, nothing sent" : "\(notice.delivered) reached"
        try write(
            Self.event(
                .noticeSent,
                record,
                at: Date(timeIntervalSince1970: notice.at),
                what: "notice '\(name)' sent to sessions \(sessions.joined(separator: ", ")) (\(reached))",
                details: EventDetails(
                    notice: notice.kind,
                    lead: notice.lead.map(DurationText.format),
                    sessions: sessions,
                    delivered: notice.delivered
                )
            ),
            db
        )
    }
}

/// The details every event about a caller's change carries.
func changeDetails(by caller: Caller) -> EventDetails {
    EventDetails(actor: caller == .daemon ? nil : caller)
}
