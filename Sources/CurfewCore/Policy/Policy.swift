import Foundation

/// A standing rule from the configuration: which sessions it watches, when it ends them, and how they are warned.
/// A policy never ends a session itself; it queues an ordinary termination with the actor `policy NAME`.
public struct Policy: Sendable, Equatable {
    public var name: String
    public var kind: PolicyKind
    public var scope: PolicyScope
    /// nil takes the configured default plan.
    public var notices: NoticePlan?
    /// Shown to users; `{name}` placeholders name the policy's facts (see `PolicyKind.facts`).
    public var reason: String?
    public var dryRun: Bool
    /// Seconds the user is kept out by the login gate after this policy ended their session (`hold: 30m`).
    public var hold: Int?

    public init(
        name: String,
        kind: PolicyKind,
        scope: PolicyScope = PolicyScope(),
        notices: NoticePlan? = nil,
        reason: String? = nil,
        dryRun: Bool = false,
        hold: Int? = nil
    ) {
        self.name = name
        self.kind = kind
        self.scope = scope
        self.notices = notices
        self.reason = reason
        self.dryRun = dryRun
        self.hold = hold
    }

    /// Who a policy's terminations are made by: the actor `policy NAME`.
    public var caller: Caller { Caller(uid: 0, name: Self.actorPrefix + name, pid: 0) }

    public static let actorPrefix = Caller.policyPrefix

    /// The policy a caller name stands for, if it is a policy's.
    public static func name(ofActor actor: String) -> String? {
        actor.hasPrefix(actorPrefix) ? String(actor.dropFirst(actorPrefix.count)) : nil
    }

    /// The reason users read: the configured text with its placeholders filled in, or the kind's own wording.
    public func reasonText(_ extra: [String: String] = [:]) -> String {
        let facts = kind.facts.merging(extra) { _, new in new }.merging(["policy": name]) { _, new in new }
        guard let reason else { return kind.defaultReason(facts) }
        var text = reason
        for (key, value) in facts {
            text = text.replacingOccurrences(of: "{\(key)}", with: value)
        }
        return text
    }
}

/// What a policy watches for, with its settings.
public enum PolicyKind: Sendable, Equatable {
    case idle(IdleRule)
    case lifetime(LifetimeRule)
    case hours(AllowedHours)
    case maxSessions(SessionLimitRule)
    case account(AccountRule)
    case ipSpread(IPSpreadRule)

    public static let names = ["idle", "lifetime", "hours", "max_sessions", "account", "ip_spread"]

    public var name: String {
        switch self {
        case .idle: "idle"
        case .lifetime: "lifetime"
        case .hours: "hours"
        case .maxSessions: "max_sessions"
        case .account: "account"
        case .ipSpread: "ip_spread"
        }
    }

    /// The facts a reason may name, as `{key}`.
    public var facts: [String: String] {
        switch self {
        case .idle(let rule): ["limit": DurationText.format(rule.limit), "activity": rule.activity.rawValue]
        case .lifetime(let rule): ["max": DurationText.format(rule.max)]
        case .hours(let hours): ["allow": hours.text, "zone": hours.zone.identifier]
        case .maxSessions(let rule): ["limit": String(rule.limit), "end": rule.end.rawValue]
        case .account(let rule): ["on": rule.on.map(\.rawValue).sorted().joined(separator: ", ")]
        case .ipSpread(let rule): ["distinct": String(rule.distinct), "within": DurationText.format(rule.within)]
        }
    }

    /// Placeholders every reason may use besides the facts.
    public static let commonFacts = ["policy", "state", "hosts"]

    func defaultReason(_ facts: [String: String]) -> String {
        let policy = facts["policy"] ?? ""
        switch self {
        case .idle: return "idle for \(facts["limit"] ?? "") (policy \(policy))"
        case .lifetime: return "sessions last at most \(facts["max"] ?? "") (policy \(policy))"
        case .hours: return "outside the allowed hours \(facts["allow"] ?? "") (policy \(policy))"
        case .maxSessions: return "more than \(facts["limit"] ?? "") sessions (policy \(policy))"
        case .account: return "the account is \(facts["state"] ?? "disabled") (policy \(policy))"
        case .ipSpread:
            return
                "sessions from \(facts["distinct"] ?? "") or more addresses within \(facts["within"] ?? "") (policy \(policy))"
        }
    }
}

/// `idle: {limit: 60m, activity: input | input-or-output}`.
public struct IdleRule: Sendable, Equatable {
    public enum Activity: String, Sendable, CaseIterable {
        /// The terminal's access time: keys typed.
        case input
        /// The later of access and modification time: output counts too.
        case inputOrOutput = "input-or-output"
    }

    public var limit: Int
    public var activity: Activity

    public init(limit: Int, activity: Activity = .inputOrOutput) {
        self.limit = limit
        self.activity = activity
    }
}

/// `lifetime: {max: 24h}`.
public struct LifetimeRule: Sendable, Equatable {
    public var max: Int
    public init(max: Int) { self.max = max }
}

/// `max_sessions: {limit: 10, end: oldest | newest}`.
public struct SessionLimitRule: Sendable, Equatable {
    public enum End: String, Sendable, CaseIterable {
        case oldest
        case newest
    }

    public var limit: Int
    public var end: End

    public init(limit: Int, end: End = .newest) {
        self.limit = limit
        self.end = end
    }
}

/// `account: {on: [locked, expired, deleted], recheck: 5m | none}`.
public struct AccountRule: Sendable, Equatable {
    public enum Condition: String, Sendable, CaseIterable {
        case locked
        case expired
        case deleted
    }

    public var on: Set<Condition>
    /// How often directory users (sssd, LDAP) are looked up again through NSS; nil: only when /etc changes.
    public var recheck: Int?

    public init(on: Set<Condition> = Set(Condition.allCases), recheck: Int? = 300) {
        self.on = on
        self.recheck = recheck
    }
}

/// `ip_spread: {distinct: 4, within: 1h, action: alarm | terminate}`.
public struct IPSpreadRule: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case alarm
        case terminate
    }

    public var distinct: Int
    public var within: Int
    public var action: Action

    public init(distinct: Int, within: Int, action: Action = .alarm) {
        self.distinct = distinct
        self.within = within
        self.action = action
    }
}
