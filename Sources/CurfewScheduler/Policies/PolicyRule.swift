import CurfewCore
import Foundation

/// One kind of standing rule, as the scheduler runs it: for a session in the policy's scope, when that session must
/// end and why. The scheduler owns the timer; a rule only answers when asked (at a session change, at the deadline it
/// gave, at each notice step of the termination it caused).
protocol PolicyRule: Sendable {
    /// What the rule says about `session` as things stand at `context.now`.
    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict
    /// Whether the verdict depends on the user's other sessions: they are asked again when one of them changes.
    var readsPeers: Bool { get }
    /// Whether the verdict depends on the user database: asked again when /etc changes and at each recheck.
    var readsAccounts: Bool { get }
    /// Why a termination this rule caused no longer holds, worded for its history ("activity").
    var relief: String { get }
    /// Something to raise once for a user, besides ending sessions (ip_spread's alarm).
    func alarm(user: String, in context: PolicyContext) -> PolicyAlarm?
}

extension PolicyRule {
    var readsPeers: Bool { false }
    var readsAccounts: Bool { false }
    var relief: String { "the policy no longer applies" }
    func alarm(user: String, in context: PolicyContext) -> PolicyAlarm? { nil }
}

/// A rule's answer for one session.
enum PolicyVerdict: Equatable, Sendable {
    /// The session must end at `at` (now, when that has passed); `what` names the limit ("idle limit").
    case end(at: Date, what: String, facts: [String: String] = [:])
    /// Nothing to do now; ask again at `at`.
    case recheck(at: Date)
    /// Nothing to do until the session, its user's sessions or the user database change.
    case keep
}

/// What a rule may look at besides the session.
struct PolicyContext {
    var now: Date
    var terminals: any TerminalTimes
    var directory: any UserDirectory
    /// The user's live sessions in this policy's scope, oldest first (only for rules that read peers).
    var peers: [Session] = []
    /// Where the user logged in from recently: every session seen opening, with its time (only for rules that read
    /// peers).
    var sightings: [HostSighting] = []
    /// When curfew last wrote a notice to this session's terminal: that output is not the user's activity.
    var lastNotice: Date?
}

/// A remote address a user's session came from, and when.
struct HostSighting: Equatable, Sendable {
    var host: String
    var at: Date
    var session: String
}

/// An alarm a rule raises for a user (an event and an audit entry), once per distinct set of facts.
public struct PolicyAlarm: Equatable, Sendable {
    public var policy: String
    public var user: String
    public var kind: String
    public var summary: String
    public var addresses: [String]
}
