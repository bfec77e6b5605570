import Foundation

/// A queued end of login sessions: what to end, when, why, who asked, and what became of it.
public struct Termination: Sendable, Equatable, Codable {
    public var id: TerminationID
    public var target: Target
    public var dueAt: Date
    public var reason: String
    public var notices: NoticePlan
    public var caller: Caller
    public var state: TerminationState
    public var createdAt: Date
    /// When firing began; nil until the job fires.
    public var firedAt: Date?
    /// Rehearsal: everything is recorded, nothing is terminated and no terminal is written.
    public var dryRun: Bool
    /// Index into `notices.leads` of the next notice step to send.
    public var nextNotice: Int
    public var sessions: [SessionOutcome]
    public var history: [Transition]
    /// Keeps the users out through the login gate for a while once their sessions end.
    public var hold: HoldSpec?

    public init(
        id: TerminationID,
        target: Target,
        dueAt: Date,
        reason: String,
        notices: NoticePlan,
        caller: Caller,
        state: TerminationState = .scheduled,
        createdAt: Date,
        firedAt: Date? = nil,
        dryRun: Bool = false,
        nextNotice: Int = 0,
        sessions: [SessionOutcome] = [],
        history: [Transition] = [],
        hold: HoldSpec? = nil
    ) {
        self.id = id
        self.target = target
        self.dueAt = dueAt
        self.reason = reason
        self.notices = notices
        self.caller = caller
        self.state = state
        self.createdAt = createdAt
        self.firedAt = firedAt
        self.dryRun = dryRun
        self.nextNotice = nextNotice
        self.sessions = sessions
        self.history = history
        self.hold = hold
    }

    /// How late firing began, once it has.
    public var lateness: TimeInterval? {
        firedAt.map { max(0, $0.timeIntervalSince(dueAt)) }
    }
}

/// The store's identifier of a termination.
public struct TerminationID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// Parses an id as users type it; rejects anything that is not a positive integer.
    public init(parsing text: String) throws(InputError) {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
            throw InputError("'\(text)' is not a termination id: expected a positive integer such as 42")
        }
        self.rawValue = value
    }

    public var description: String { String(rawValue) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
