import Foundation

/// Something that happened to a termination or to one of its sessions, as programs listening to curfew hear it (the
/// event stream and webhooks). Written in the same transaction as the change it describes, with an id that only grows.
public struct Event: Sendable, Equatable {
    /// The event's id: increasing, never reused; 0 until stored.
    public var id: Int64
    public var at: Date
    public var kind: EventKind
    public var terminationID: TerminationID?
    public var sessionID: String?
    /// The users it concerns: the target's user, the users of the sessions named or ended.
    public var users: [String]
    /// A job on all sessions concerns every user, whose sessions it may end.
    public var allUsers: Bool
    /// One line for people: "termination 42 (user alice) cancelled by root".
    public var summary: String
    public var details: EventDetails

    public init(
        id: Int64 = 0,
        at: Date,
        kind: EventKind,
        terminationID: TerminationID? = nil,
        sessionID: String? = nil,
        users: [String],
        allUsers: Bool = false,
        summary: String,
        details: EventDetails = EventDetails()
    ) {
        self.id = id
        self.at = at
        self.kind = kind
        self.terminationID = terminationID
        self.sessionID = sessionID
        self.users = users
        self.allUsers = allUsers
        self.summary = summary
        self.details = details
    }

    /// Whether `user` may see it: it names them, or it is about every user.
    public func concerns(_ user: String) -> Bool {
        allUsers || users.contains(user)
    }
}

/// The type of an event, as named on the stream and in webhooks.
public enum EventKind: String, Sendable, Codable, CaseIterable, Comparable {
    case terminationScheduled = "termination.scheduled"
    case terminationRescheduled = "termination.rescheduled"
    case terminationCancelled = "termination.cancelled"
    /// Overdue past `missed_after` at start-up: not fired.
    case terminationMissed = "termination.missed"
    /// The due time came: `firing` is written, sessions are about to be chosen and ended.
    case terminationFired = "termination.fired"
    case noticeSent = "notice.sent"
    case sessionTerminated = "session.terminated"
    /// A session not ended, by design: already gone, protected, or a dry run.
    case sessionSkipped = "session.skipped"
    case sessionFailed = "session.failed"
    case terminationCompleted = "termination.completed"
    case terminationFailed = "termination.failed"
    /// The state directory is full: new jobs are refused, due ones fire from the reserve.
    case diskFull = "disk.full"
    /// The state directory has room again and the reserve is whole.
    case diskRecovered = "disk.recovered"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public init(parsing text: String) throws(InputError) {
        guard let kind = EventKind(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            throw InputError("'\(text)' is not an event type: expected one of \(Self.accepted)")
        }
        self = kind
    }

    /// Types as given in repeated or comma-separated form ("a,b" "c"); empty items are refused.
    public static func parseList(_ items: [String]) throws(InputError) -> Set<EventKind> {
        var kinds: Set<EventKind> = []
        for item in items {
            for part in item.split(separator: ",", omittingEmptySubsequences: false) {
                guard !part.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw InputError(
                        "'\(item)' has an empty event type: give types separated by commas, from \(Self.accepted)"
                    )
                }
                kinds.insert(try EventKind(parsing: String(part)))
            }
        }
        return kinds
    }
}

/// What an event says beyond its type, by type; fields that do not apply are left out.
public struct EventDetails: Sendable, Equatable, Codable {
    /// The job's target, e.g. "user alice (service sshd)".
    public var target: String?
    public var dueAt: String?
    /// For a reschedule: the due time before.
    public var previousDueAt: String?
    public var reason: String?
    public var dryRun: Bool?
    /// For a job that ends sessions now rather than later.
    public var immediate: Bool?
    /// Who asked, for changes a caller made.
    public var actor: Caller?
    /// For notices: scheduled, step, final, cancelled, rescheduled.
    public var notice: String?
    /// For a notice step: how long before the due time, e.g. "5m".
    public var lead: String?
    /// The sessions a notice went to, or a finished job's sessions.
    public var sessions: [String]?
    /// How many terminals a notice reached.
    public var delivered: Int?
    /// For a session: terminated, gone, failed, skipped-protected, dry-run.
    public var result: String?
    public var error: String?
    /// How late firing began.
    public var latenessSeconds: Double?
    /// For a finished job: how many of its sessions failed.
    public var failed: Int?
    /// For disk.full and disk.recovered: the state directory, and the bytes of the firing reserve held.
    public var directory: String?
    public var reserveBytes: Int64?

    public init(
        target: String? = nil,
        dueAt: String? = nil,
        previousDueAt: String? = nil,
        reason: String? = nil,
        dryRun: Bool? = nil,
        immediate: Bool? = nil,
        actor: Caller? = nil,
        notice: String? = nil,
        lead: String? = nil,
        sessions: [String]? = nil,
        delivered: Int? = nil,
        result: String? = nil,
        error: String? = nil,
        latenessSeconds: Double? = nil,
        failed: Int? = nil
    ) {
        self.target = target
        self.dueAt = dueAt
        self.previousDueAt = previousDueAt
        self.reason = reason
        self.dryRun = dryRun
        self.immediate = immediate
        self.actor = actor
        self.notice = notice
        self.lead = lead
        self.sessions = sessions
        self.delivered = delivered
        self.result = result
        self.error = error
        self.latenessSeconds = latenessSeconds
        self.failed = failed
    }

    enum CodingKeys: String, CodingKey {
        case target
        case dueAt = "due_at"
        case previousDueAt = "previous_due_at"
        case reason
        case dryRun = "dry_run"
        case immediate, actor, notice, lead, sessions, delivered, result, error
        case latenessSeconds = "lateness_seconds"
        case failed, directory
        case reserveBytes = "reserve_bytes"
    }
}
