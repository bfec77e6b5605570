import Foundation
import Yams

/// The `policies` key: a list of standing rules, each `{name, <kind>: {settings}, scope, notices, reason, dry_run}`.
extension Field {
    static let policyKeys = ["name", "kind", "scope", "notices", "reason", "dry_run", "hold"] + PolicyKind.names
    static let scopeKeys = [
        "users", "groups", "except_users", "except_groups", "services", "remote_hosts", "classes", "types",
    ]

    func policies(directory: any UserDirectory) throws(InputError) -> [Policy] {
        let accepted = "a list of policies such as [{name: office-idle, idle: {limit: 60m}}]"
        guard case .sequence(let items) = node else { throw fail(accepted) }
        var policies: [Policy] = []
        for (index, item) in items.enumerated() {
            let field = Field(source: source, key: "\(key)[\(index)]", node: item)
            let policy = try field.policy(directory: directory)
            guard !policies.contains(where: { $0.name == policy.name }) else {
                throw InputError(
                    "\(source): key '\(key)[\(index)].name': value '\(policy.name)' is used twice; each policy needs its own name"
                )
            }
            policies.append(policy)
        }
        return policies
    }

    private func policy(directory: any UserDirectory) throws(InputError) -> Policy {
        let known = Self.policyKeys.joined(separator: ", ")
        guard case .mapping(let mapping) = node else {
            throw fail("a mapping with keys \(known), e.g. {name: office-idle, idle: {limit: 60m}}")
        }
        var name: String?
        var declared: String?
        var kinds: [PolicyKind] = []
        var scope = PolicyScope()
        var notices: NoticePlan?
        var reason: String?
        var dryRun = false
        var hold: Int?
        for (keyNode, value) in mapping {
            let entry = keyNode.string ?? "?"
            let field = Field(source: source, key: "\(key).\(entry)", node: value)
            switch entry {
            case "name": name = try field.policyName()
            case "kind": declared = try field.choice(PolicyKind.names)
            case "scope": scope = try field.scope(directory: directory)
            case "notices": notices = try field.noticePlan()
            case "reason": reason = try field.text()
            case "dry_run": dryRun = try field.bool()
            case "hold": hold = try field.duration("a duration such as 30m: how long the user is kept out afterwards")
            case "idle": kinds.append(.idle(try field.idle()))
            case "lifetime":
                kinds.append(
                    .lifetime(
                        LifetimeRule(
                            max: try field.setting("max", "a duration such as 24h") { f throws(InputError) in
                                try f.duration("a duration such as 24h")
                            }
                        )
                    )
                )
            case "hours": kinds.append(.hours(try field.hours()))
            case "max_sessions": kinds.append(.maxSessions(try field.sessionLimit()))
            case "account": kinds.append(.account(try field.account()))
            case "ip_spread": kinds.append(.ipSpread(try field.ipSpread()))
            default: throw InputError("\(source): unknown key '\(key).\(entry)'; known keys: \(known)")
            }
        }
        guard let name else { throw InputError("\(source): key '\(key)': 'name' is required (a unique policy name)") }
        guard kinds.count == 1, let kind = kinds.first else {
            throw InputError(
                "\(source): key '\(key)' (policy \(name)): give exactly one kind with its settings: \(PolicyKind.names.joined(separator: ", ")), e.g. idle: {limit: 60m}"
            )
        }
        if let declared, declared != kind.name {
            throw InputError(
                "\(source): key '\(key).kind': value '\(declared)' does not match the settings given ('\(kind.name)')"
            )
        }
        let policy = Policy(
            name: name,
            kind: kind,
            scope: scope,
            notices: notices,
            reason: reason,
            dryRun: dryRun,
            hold: hold
        )
        if let reason {
            let allowed = Set(kind.facts.keys).union(PolicyKind.commonFacts)
            for match in reason.matches(of: #/\{([a-z_]+)\}/#) where !allowed.contains(String(match.output.1)) {
                throw InputError(
                    "\(source): key '\(key).reason': '{\(match.output.1)}' is not a fact of a \(kind.name) policy; accepted: \(allowed.sorted().map { "{\($0)}" }.joined(separator: ", "))"
                )
            }
        }
        return policy
    }

    /// The settings mapping of a kind: each key is checked by `read`; unknown keys are refused.
    func settings(_ known: [String], _ read: (String, Field) throws(InputError) -> Void) throws(InputError) {
        guard case .mapping(let mapping) = node else {
            throw fail("a mapping with keys \(known.joined(separator: ", "))")
        }
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            guard known.contains(name) else {
                throw InputError(
                    "\(source): unknown key '\(key).\(name)'; known keys: \(known.joined(separator: ", "))"
                )
            }
            try read(name, Field(source: source, key: "\(key).\(name)", node: value))
        }
    }

    /// A kind with one required setting.
    func setting<Value>(
        _ name: String,
        _ accepted: String,
        _ read: (Field) throws(InputError) -> Value
    ) throws(InputError) -> Value {
        var value: Value?
        try settings([name]) { _, field throws(InputError) in value = try read(field) }
        guard let value else { throw InputError("\(source): key '\(key)': '\(name)' is required (\(accepted))") }
        return value
    }

    func required<Value>(_ value: Value?, _ name: String, _ accepted: String) throws(InputError) -> Value {
        guard let value else { throw InputError("\(source): key '\(key)': '\(name)' is required (\(accepted))") }
        return value
    }

    func policyName() throws(InputError) -> String {
        let accepted = "a policy name of letters, digits, _ . - (at most 64), such as office-idle"
        let value = try scalar(accepted)
        guard value.count <= 64, value.wholeMatch(of: #/[A-Za-z0-9][A-Za-z0-9_.-]*/#) != nil else {
            throw fail(accepted)
        }
        return value
    }

    func choice(_ values: [String]) throws(InputError) -> String {
        let accepted = "one of \(values.joined(separator: ", "))"
        let value = try scalar(accepted)
        guard values.contains(value) else { throw fail(accepted) }
        return value
    }

    func count(_ accepted: String) throws(InputError) -> Int {
        let value = try scalar(accepted)
        guard let number = Int(value), number > 0, number <= 1_000_000 else { throw fail(accepted) }
        return number
    }

    func strings(_ accepted: String) throws(InputError) -> [String] {
        switch node {
        case .scalar(let scalar) where !scalar.string.isEmpty: return [scalar.string]
        case .sequence(let items) where !items.isEmpty:
            var values: [String] = []
            for item in items {
                guard case .scalar(let scalar) = item, !scalar.string.isEmpty else { throw fail(accepted) }
                values.append(scalar.string)
            }
            return values
        default: throw fail(accepted)
        }
    }

    private func scope(directory: any UserDirectory) throws(InputError) -> PolicyScope {
        var scope = PolicyScope()
        try settings(Self.scopeKeys) { name, field throws(InputError) in
            switch name {
            case "users": scope.users = Set(try field.nameList("user"))
            case "except_users": scope.exceptUsers = Set(try field.nameList("user"))
            case "groups": scope.groups = Set(try field.groupList(directory))
            case "except_groups": scope.exceptGroups = Set(try field.groupList(directory))
            case "services": scope.services = Set(try field.strings("a list of PAM services such as [sshd, login]"))
            case "classes": scope.classes = Set(try field.strings("a list of logind classes such as [user, greeter]"))
            case "types": scope.types = Set(try field.strings("a list of logind types such as [tty, x11, wayland]"))
            default:
                var ranges: [AddressRange] = []
                for text in try field.strings("a list of addresses or CIDR ranges such as [10.0.0.0/8, 192.0.2.7]") {
                    ranges.append(try field.addressRange(text))
                }
                scope.remoteHosts = ranges
            }
        }
        return scope
    }

    private func addressRange(_ text: String) throws(InputError) -> AddressRange {
        do {
            return try AddressRange(parsing: text)
        } catch {
            throw InputError("\(source): key '\(key)': \(error.message)")
        }
    }

    private func nameList(_ what: String) throws(InputError) -> [String] {
        let accepted = "a list of \(what) names such as [alice, bob]"
        let names = try strings(accepted)
        for name in names where name.count > 32 || name.wholeMatch(of: Self.namePattern) == nil {
            throw InputError("\(source): key '\(key)': '\(name)' is not a \(what) name; expected \(accepted)")
        }
        return names
    }

    private func groupList(_ directory: any UserDirectory) throws(InputError) -> [String] {
        let names = try nameList("group")
        for name in names where !directory.groupExists(name) {
            throw InputError(
                "\(source): key '\(key)': value '\(name)' is not a group this system knows (getent group \(name) finds nothing); expected existing Unix groups"
            )
        }
        return names
    }

    private func idle() throws(InputError) -> IdleRule {
        var limit: Int?
        var activity = IdleRule.Activity.inputOrOutput
        try settings(["limit", "activity"]) { name, field throws(InputError) in
            if name == "limit" {
                limit = try field.duration("a duration such as 60m")
            } else {
                activity = IdleRule.Activity(rawValue: try field.choice(IdleRule.Activity.allCases.map(\.rawValue)))!
            }
        }
        return IdleRule(limit: try required(limit, "limit", "a duration such as 60m"), activity: activity)
    }

    private func hours() throws(InputError) -> AllowedHours {
        var ranges: [String]?
        var zone = TimeZone.current
        try settings(["allow", "zone"]) { name, field throws(InputError) in
            if name == "allow" {
                let texts = try field.strings(AllowedHours.accepted)
                ranges = texts.flatMap { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } }
            } else {
                let accepted = "a time zone name from the tz database such as Europe/Berlin or UTC"
                let identifier = try field.scalar(accepted)
                guard let found = TimeZone(identifier: identifier), identifier.contains("/") || identifier == "UTC"
                else { throw field.fail(accepted) }
                zone = found
            }
        }
        let allow = try required(ranges, "allow", AllowedHours.accepted)
        do {
            return try AllowedHours(ranges: allow, zone: zone)
        } catch {
            throw InputError("\(source): key '\(key).allow': \(error.message); expected \(AllowedHours.accepted)")
        }
    }

    private func sessionLimit() throws(InputError) -> SessionLimitRule {
        var limit: Int?
        var end = SessionLimitRule.End.newest
        try settings(["limit", "end"]) { name, field throws(InputError) in
            if name == "limit" {
                limit = try field.count("a whole number of sessions, 1 or more")
            } else {
                end = SessionLimitRule.End(rawValue: try field.choice(SessionLimitRule.End.allCases.map(\.rawValue)))!
            }
        }
        return SessionLimitRule(limit: try required(limit, "limit", "a whole number of sessions, 1 or more"), end: end)
    }

    private func account() throws(InputError) -> AccountRule {
        var rule = AccountRule()
        try settings(["on", "recheck"]) { name, field throws(InputError) in
            if name == "on" {
                let accepted = "a list from locked, expired, deleted"
                var conditions: Set<AccountRule.Condition> = []
                for text in try field.strings(accepted) {
                    guard let condition = AccountRule.Condition(rawValue: text) else { throw field.fail(accepted) }
                    conditions.insert(condition)
                }
                rule.on = conditions
            } else {
                rule.recheck = try field.optionalDuration()
            }
        }
        return rule
    }

    private func ipSpread() throws(InputError) -> IPSpreadRule {
        var distinct: Int?
        var within: Int?
        var action = IPSpreadRule.Action.alarm
        try settings(["distinct", "within", "action"]) { name, field throws(InputError) in
            switch name {
            case "distinct":
                distinct = try field.count("a whole number of addresses, 2 or more")
                if distinct == 1 { throw field.fail("a whole number of addresses, 2 or more") }
            case "within": within = try field.duration("a duration such as 1h")
            default:
                action = IPSpreadRule.Action(rawValue: try field.choice(IPSpreadRule.Action.allCases.map(\.rawValue)))!
            }
        }
        return IPSpreadRule(
            distinct: try required(distinct, "distinct", "a whole number of addresses, 2 or more"),
            within: try required(within, "within", "a duration such as 1h"),
            action: action
        )
    }
}
