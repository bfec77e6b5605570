import Foundation

/// One line of the append-only audit trail: who did what to which target, when, and how it went.
public struct AuditEntry: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case scheduled
        case rescheduled
        case cancelled
        case terminatedNow = "terminated-now"
        case fired
        case sessionTerminated = "session-terminated"
        case completed
        case failed
        case missed
        /// A request refused as invalid (past time, protected user, unknown session...).
        case refused
        /// A caller without the right to do what they asked.
        case denied

        public init(parsing text: String) throws(InputError) {
            guard let action = Action(rawValue: text) else {
                let accepted = Self.allCases.map(\.rawValue).joined(separator: ", ")
                throw InputError("'\(text)' is not an audit action: expected one of \(accepted)")
            }
            self = action
        }
    }

    public var id: Int64?
    public var at: Date
    public var actor: Caller
    public var action: Action
    /// The target's summary ("user alice"), or the request path for a denial.
    public var target: String?
    /// The user a target names, for filtering by user.
    public var targetUser: String?
    public var terminationID: TerminationID?
    public var sessionID: String?
    public var reason: String?
    public var result: String

    public init(
        at: Date,
        actor: Caller,
        action: Action,
        target: String? = nil,
        targetUser: String? = nil,
        terminationID: TerminationID? = nil,
        sessionID: String? = nil,
        reason: String? = nil,
        result: String
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.targetUser = targetUser
        self.terminationID = terminationID
        self.sessionID = sessionID
        self.reason = reason
        self.result = result
    }
}
