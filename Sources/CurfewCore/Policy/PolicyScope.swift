/// Which sessions a policy watches. Every list that is set must match; the except lists win over the others.
public struct PolicyScope: Sendable, Equatable {
    public var users: Set<String>?
    /// Unix groups through NSS, supplementary groups included.
    public var groups: Set<String>?
    public var exceptUsers: Set<String> = []
    public var exceptGroups: Set<String> = []
    public var services: Set<String>?
    public var remoteHosts: [AddressRange]?
    public var classes: Set<String>?
    public var types: Set<String>?

    public init() {}

    /// Whether the scope takes a session; `groupsOf` gives a user's groups (looked up only when a group list is set).
    public func matches(_ session: Session, groupsOf: (Session) -> Set<String>) -> Bool {
        if let users, !users.contains(session.user) { return false }
        if exceptUsers.contains(session.user) { return false }
        if let services, !services.contains(session.service ?? "") { return false }
        if let classes, !classes.contains(session.sessionClass ?? "") { return false }
        if let types, !types.contains(session.type ?? "") { return false }
        if let remoteHosts {
            guard let host = session.remoteHost, remoteHosts.contains(where: { $0.contains(host) }) else {
                return false
            }
        }
        if groups != nil || !exceptGroups.isEmpty {
            let member = groupsOf(session)
            if let groups, groups.isDisjoint(with: member) { return false }
            if !exceptGroups.isDisjoint(with: member) { return false }
        }
        return true
    }

    /// Every group the scope names, to check that each exists.
    public var namedGroups: Set<String> { (groups ?? []).union(exceptGroups) }

    /// A short phrase for humans: "users alice, bob; groups students; except users root".
    public var summary: String {
        func list(_ name: String, _ values: Set<String>?) -> String? {
            values.map { "\(name) \($0.sorted().joined(separator: ", "))" }
        }
        let parts = [
            list("users", users), list("groups", groups),
            exceptUsers.isEmpty ? nil : list("except users", exceptUsers),
            exceptGroups.isEmpty ? nil : list("except groups", exceptGroups),
            list("services", services), remoteHosts.map { "remote hosts " + $0.map(\.text).joined(separator: ", ") },
            list("classes", classes), list("types", types),
        ]
        .compactMap { $0 }
        return parts.isEmpty ? "all sessions" : parts.joined(separator: "; ")
    }
}
