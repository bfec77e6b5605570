import Foundation

/// Why a notice is sent.
public enum NoticeKind: Sendable, Equatable {
    /// Right after the job is created.
    case scheduled
    /// A notice plan step, `lead` seconds before the due time.
    case step(lead: Int)
    /// At the due time, just before the sessions end.
    case final
    case cancelled
    case rescheduled(from: Date)

    public var name: String {
        switch self {
        case .scheduled: "scheduled"
        case .step: "step"
        case .final: "final"
        case .cancelled: "cancelled"
        case .rescheduled: "rescheduled"
        }
    }

    public var lead: Int? {
        if case .step(let lead) = self { return lead }
        return nil
    }
}

/// A message to the people whose sessions a job ends.
public struct Notice: Sendable, Equatable {
    public var kind: NoticeKind
    public var termination: TerminationID
    public var dueAt: Date
    public var reason: String
    public var contact: String?

    public init(kind: NoticeKind, termination: TerminationID, dueAt: Date, reason: String, contact: String?) {
        self.kind = kind
        self.termination = termination
        self.dueAt = dueAt
        self.reason = reason
        self.contact = contact
    }

    /// The lines shown on a terminal, already safe to write there.
    public func lines(now: Date, zone: TimeZone = .current) -> [String] {
        let when = TimeText.describe(dueAt, now: now, in: zone)
        var lines: [String]
        switch kind {
        case .scheduled, .step:
            lines = ["curfew: this session will be ended at \(when)."]
        case .final:
            lines = ["curfew: this session is being ended now."]
        case .cancelled:
            lines = ["curfew: the end of this session planned for \(TimeText.absolute(dueAt, in: zone)) is cancelled."]
        case .rescheduled(let from):
            lines = [
                "curfew: the end of this session moved from \(TimeText.absolute(from, in: zone)) to \(when)."
            ]
        }
        if !reason.isEmpty { lines.append("Reason: \(reason)") }
        if let contact, !contact.isEmpty, kind != .cancelled { lines.append("Contact: \(contact)") }
        return lines.map { TerminalText.sanitize($0, maxLength: TerminalText.lineLimit) }
    }
}

/// Delivers notices to sessions: on their terminals and desktops in production, a recorder in tests.
public protocol NoticeDelivery: Sendable {
    /// Sends the notice to each session the way it can be reached, never blocking for long; returns how each fared,
    /// one receipt per session, in the sessions' order.
    func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt]
}
