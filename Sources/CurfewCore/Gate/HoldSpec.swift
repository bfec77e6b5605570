import Foundation

/// How long a termination keeps its users out once it has ended their sessions: `--hold 2h` (counted from the end)
/// or `--hold-until 18:00` (an instant).
public enum HoldSpec: Sendable, Equatable, Codable {
    case duration(Int)
    case until(Date)

    /// When the hold ends for sessions ended at `end`.
    public func until(after end: Date) -> Date {
        switch self {
        case .duration(let seconds): end.addingTimeInterval(TimeInterval(seconds))
        case .until(let instant): instant
        }
    }

    /// "2h after the sessions end" or "until 2026-12-02 18:00:00 +01:00 (...)".
    public var summary: String {
        switch self {
        case .duration(let seconds): "\(DurationText.format(seconds)) after the sessions end"
        case .until(let instant): "until \(TimeText.absolute(instant))"
        }
    }

    /// Refuses a hold that ends before the sessions do (or is already over).
    public func check(dueAt: Date, now: Date) throws(InputError) {
        switch self {
        case .duration(let seconds):
            guard seconds > 0 else {
                throw InputError("a hold of \(seconds) seconds is not accepted; give a positive duration such as 30m")
            }
        case .until(let instant):
            guard instant > now else {
                throw InputError(
                    "the hold's end \(TimeText.absolute(instant)) is in the past; give a later time or a duration (--hold 2h)"
                )
            }
            guard instant > dueAt else {
                throw InputError(
                    "the hold's end \(TimeText.absolute(instant)) is not after the due time \(TimeText.absolute(dueAt)): it would be over before the sessions end"
                )
            }
        }
    }
}

/// A user kept out by the login gate until a time, because a termination ended their sessions.
public struct Hold: Sendable, Equatable, Codable {
    public var id: Int64
    public var user: String
    public var since: Date
    public var until: Date
    public var terminationID: TerminationID?
    /// Who made the termination: a person, or `policy NAME`.
    public var actor: String
    public var reason: String
    public var liftedAt: Date?
    public var liftedBy: String?

    public init(
        id: Int64 = 0,
        user: String,
        since: Date,
        until: Date,
        terminationID: TerminationID?,
        actor: String,
        reason: String,
        liftedAt: Date? = nil,
        liftedBy: String? = nil
    ) {
        self.id = id
        self.user = user
        self.since = since
        self.until = until
        self.terminationID = terminationID
        self.actor = actor
        self.reason = reason
        self.liftedAt = liftedAt
        self.liftedBy = liftedBy
    }
}
