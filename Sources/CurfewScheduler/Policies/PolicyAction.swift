import CurfewCore
import Foundation

/// What the policies ask the scheduler to do; the scheduler does it through its ordinary paths.
enum PolicyAction: Sendable {
    /// Queue a termination of one session (its notices counted back from `dueAt`).
    case enforce(PolicyEnforcement.Compiled, session: Session, dueAt: Date, reason: String)
    /// Cancel a policy's pending termination, saying why ("activity", "policy removed").
    case cancel(TerminationID, policy: String, why: String)
    case alarm(PolicyAlarm)
}

/// What a policy will do to a session, and when: "idle limit 14:32 (office-idle)".
public struct PolicyOutlook: Sendable, Equatable {
    public var policy: String
    public var what: String
    public var at: Date
    public var dryRun: Bool

    public init(policy: String, what: String, at: Date, dryRun: Bool) {
        self.policy = policy
        self.what = what
        self.at = at
        self.dryRun = dryRun
    }
}

/// One policy as `GET /v1/policies` shows it.
public struct PolicyReport: Sendable, Equatable {
    public var policy: Policy
    public var notices: NoticePlan
    /// Live sessions in scope now.
    public var sessions: [String]
    /// Its pending terminations.
    public var pending: [TerminationID]
    /// Its earliest next action, if any.
    public var next: PolicyOutlook?
    public var nextSession: String?
    /// Sessions in scope it can never end, with why (idle: no terminal and no idle hint).
    public var exempt: [String: String]
}
