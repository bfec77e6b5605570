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
public enum EventKind: String, Sendable, Codable, CaseIterable, Comparable, ListParsable {
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
    /// A policy saw something to raise, not (only) to end: one user's sessions from too many addresses.
    case alarmIPSpread = "alarm.ip_spread"
    /// The state directory is full: new jobs are refused, due ones fire from the reserve.
    case diskFull = "disk.full"
    /// The state directory has room again and the reserve is whole.
    case diskRecovered = "disk.recovered"
    /// Fleet mode: this host reached the fleet database (again) and registered.
    case fleetConnected = "fleet.connected"
    /// Fleet mode: the fleet database cannot be reached or refused this host; armed jobs still fire.
    case fleetUnreachable = "fleet.unreachable"
    /// Fleet mode: this host's clock is further from the database's than `clock_tolerance`.
    case fleetClockSkew = "fleet.clock_skew"
    /// Fleet mode: a fleet job reached this host: armed in its queue, refused, missed, or cancelled before arming.
    case fleetJobReceived = "fleet.job_received"
    /// The login gate refused a login: a hold, or a policy that would end the session at once.
    case loginRefused = "login.refused"
    /// A termination's hold began: its users are kept out until a time.
    case holdPlaced = "hold.placed"
    /// An admin ended a hold early.
    case holdLifted = "hold.lifted"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
    public static let itemName = "event type"

    public init(parsing text: String) throws(InputError) {
        guard let kind = EventKind(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            throw InputError("'\(text)' is not an event type: expected one of \(Self.accepted)")
        }
        self = kind
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
    /// How many sessions a notice reached, on their terminal or desktop.
    public var delivered: Int?
    /// For a session: terminated, gone, failed, skipped-protected, dry-run.
    public var result: String?
    public var error: String?
    /// How late firing began.
    public var latenessSeconds: Double?
    /// For a finished job: how many of its sessions failed.
    public var failed: Int?
    /// For an alarm: the policy that raised it and the addresses it names.
    public var policy: String?
    public var addresses: [String]?
    /// For disk.full and disk.recovered: the state directory, and the bytes of the firing reserve held.
    public var directory: String?
    public var reserveBytes: Int64?
    /// For fleet events: the fleet job's id and this host's id in the fleet.
    public var fleetJob: String?
    public var host: String?
    /// For login.refused: the service and remote host asked about, and the rule that refused.
    public var service: String?
    public var remoteHost: String?
    public var rule: String?
    /// For holds: when the hold ends.
    public var until: String?

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
        failed: Int? = nil,
        policy: String? = nil,
        addresses: [String]? = nil
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
        self.policy = policy
        self.addresses = addresses
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case target
        case dueAt = "due_at"
        case previousDueAt = "previous_due_at"
        case reason
        case dryRun = "dry_run"
        case immediate, actor, notice, lead, sessions, delivered, result, error
        case latenessSeconds = "lateness_seconds"
        case failed, policy, addresses, directory
        case reserveBytes = "reserve_bytes"
        case fleetJob = "fleet_job"
        case host
        case service
        case remoteHost = "remote_host"
        case rule, until
    }
}
