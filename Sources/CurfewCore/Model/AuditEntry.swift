import Foundation

/// One line of the append-only audit trail: who did what to which target, when, and how it went.
public struct AuditEntry: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable, CaseIterable, ListParsable {
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
        /// A policy raised an alarm (ip_spread).
        case alarm
        /// The login gate refused a login (a hold, a policy).
        case loginRefused = "login-refused"
        /// A termination's hold began: the user is kept out until a time.
        case held
        /// An admin ended a hold early.
        case holdLifted = "hold-lifted"

        /// The journal's MESSAGE_ID for this action: stable across releases, so `journalctl MESSAGE_ID=...` finds
        /// every such event.
        public var messageID: String {
            switch self {
            case .scheduled: "61d2c441f58e486dab6204005dd5ad79"
            case .rescheduled: "662fb244ecd24928a11840cc67640dfd"
            case .cancelled: "ff7ef9ccd77c47d38e4e3891e997457f"
            case .terminatedNow: "7093697550d84413accb64b9567ee5c4"
            case .fired: "98b68d7582e7456a9f2995d8e8d648f0"
            case .sessionTerminated: "595fc5f96bd347638331afee77442a67"
            case .completed: "f2d8be5379094874bc98d77ce898db27"
            case .failed: "33023ebb161e42f991b9fc0fbaf531c9"
            case .missed: "f3553b5856dc4767ab321e39510f09ee"
            case .refused: "7b8ec3ecf47d45f08400b7fa4625f227"
            case .denied: "22c4c724807841d2a08228b77a1d247a"
            case .alarm: "b1f4a8e2c93d4e57a6d0e2f1c7b53a90"
            case .loginRefused: "4c0e9a3f2d6b4b1c8e5a7d9f0b2c4e61"
            case .held: "8a1d5e7c3b9f4d20a6c8e1f3b5d7a902"
            case .holdLifted: "e3b7c9d1f5a24e6b8c0d2f4a6b8e1c35"
            }
        }

        public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
        public static let itemName = "audit action"

        public init(parsing text: String) throws(InputError) {
            guard let action = Action(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
                throw InputError("'\(text)' is not an audit action: expected one of \(Self.accepted)")
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

    /// One line for logs: "root (uid 0, pid 42) scheduled user alice: due 2026-...".
    public var summary: String {
        let who = "\(actor.name) (uid \(actor.uid), pid \(actor.pid))"
        let what = [target, terminationID.map { "termination \($0)" }, sessionID.map { "session \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return "\(who) \(action.rawValue) \(what): \(result)"
    }

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
