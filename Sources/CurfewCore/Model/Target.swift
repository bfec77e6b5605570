import Foundation

/// Which sessions a termination ends.
public enum Target: Sendable, Equatable {
    /// Exactly these sessions, frozen at scheduling: sessions opened later are never affected.
    case sessions([SessionRef])
    /// Every session of this user that exists at the due time, narrowed by the filter.
    case user(String, SessionFilter)
    /// Every session, at the due time, of the members of this Unix group (supplementary members and those whose
    /// primary group it is, through NSS), narrowed by the filter.
    case group(String, SessionFilter)
    /// Every session of every unprotected user at the due time, narrowed by the filter.
    case all(SessionFilter)

    /// Whether a live session is one this target means; `groupsOf` gives a session's user's groups (asked only for a
    /// group target). Protected users are decided elsewhere.
    public func matches(_ session: Session, groupsOf: (Session) -> Set<String>) -> Bool {
        switch self {
        case .sessions(let refs):
            return refs.contains { $0.matches(session) }
        case .user(let name, let filter):
            return session.user == name && filter.matches(session)
        case .group(let name, let filter):
            return filter.matches(session) && groupsOf(session).contains(name)
        case .all(let filter):
            return filter.matches(session)
        }
    }

    /// The live sessions this target means, a group's members looked up once each through `directory`. Protected
    /// users are decided elsewhere.
    public func resolve(_ live: [Session], directory: any UserDirectory) -> [Session] {
        let groupsOf = directory.groupLookup()
        return live.filter { matches($0, groupsOf: groupsOf) }
    }

    /// The user a target names, if it names one.
    public var user: String? {
        if case .user(let name, _) = self { return name }
        return nil
    }

    /// The group a target names, if it names one.
    public var group: String? {
        if case .group(let name, _) = self { return name }
        return nil
    }

    /// A short phrase for humans and logs: "user alice (service sshd)", "sessions 4, 7", "all sessions".
    public var summary: String {
        switch self {
        case .sessions(let refs):
            return (refs.count == 1 ? "session " : "sessions ") + refs.map(\.id).joined(separator: ", ")
        case .user(let name, let filter):
            return "user \(name)" + filter.suffix
        case .group(let name, let filter):
            return "group \(name)" + filter.suffix
        case .all(let filter):
            return "all sessions" + filter.suffix
        }
    }
}

/// A session named by id, with what identifies that very session (logind reuses ids after a reboot).
public struct SessionRef: Sendable, Equatable, Codable {
    public var id: String
    public var user: String
    public var createdAt: Date?

    public init(id: String, user: String, createdAt: Date? = nil) {
        self.id = id
        self.user = user
        self.createdAt = createdAt
    }

    public init(_ session: Session) {
        self.init(id: session.id, user: session.user, createdAt: session.createdAt)
    }

    /// Same id and, when both are known, the same creation time.
    public func matches(_ session: Session) -> Bool {
        guard session.id == id else { return false }
        guard let createdAt, let other = session.createdAt else { return true }
        return abs(createdAt.timeIntervalSince(other)) < 0.000_001
    }

    enum CodingKeys: String, CodingKey {
        case id
        case user
        case createdAt = "created_at"
    }

    // Written out even when unknown: clients see `"created_at": null`, not a missing field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(user, forKey: .user)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// Optional narrowing of a user or all-users target; every field that is set must match.
public struct SessionFilter: Sendable, Equatable, Codable {
    public var remoteHost: String?
    public var service: String?
    public var tty: String?
    public var sessionClass: String?
    public var type: String?

    public init(
        remoteHost: String? = nil,
        service: String? = nil,
        tty: String? = nil,
        sessionClass: String? = nil,
        type: String? = nil
    ) {
        self.remoteHost = remoteHost
        self.service = service
        self.tty = tty
        self.sessionClass = sessionClass
        self.type = type
    }

    public static let none = SessionFilter()

    public func matches(_ session: Session) -> Bool {
        Self.field(remoteHost, session.remoteHost) && Self.field(service, session.service)
            && Self.field(tty, session.tty) && Self.field(sessionClass, session.sessionClass)
            && Self.field(type, session.type)
    }

    private static func field(_ wanted: String?, _ actual: String?) -> Bool {
        guard let wanted else { return true }
        return wanted == actual
    }

    var suffix: String {
        let parts = [
            remoteHost.map { "remote host \($0)" }, service.map { "service \($0)" }, tty.map { "tty \($0)" },
            sessionClass.map { "class \($0)" }, type.map { "type \($0)" },
        ]
        .compactMap { $0 }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    enum CodingKeys: String, CodingKey {
        case remoteHost = "remote_host"
        case service
        case tty
        case sessionClass = "class"
        case type
    }
}

// The JSON shape is the API's: {"sessions": [...]}, {"user": "alice", filters...}, {"group": "students",
// filters...} or {"all": true, filters...}.
extension Target: Codable {
    enum CodingKeys: String, CodingKey {
        case sessions
        case user
        case group
        case all
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let present = [CodingKeys.sessions, .user, .group, .all].filter { container.contains($0) }
        guard present.count == 1 else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a target has exactly one of 'sessions', 'user', 'group' or 'all'"
                )
            )
        }
        switch present[0] {
        case .sessions:
            self = .sessions(try container.decode([SessionRef].self, forKey: .sessions))
        case .user:
            self = .user(try container.decode(String.self, forKey: .user), try SessionFilter(from: decoder))
        case .group:
            self = .group(try container.decode(String.self, forKey: .group), try SessionFilter(from: decoder))
        case .all:
            guard try container.decode(Bool.self, forKey: .all) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .all,
                    in: container,
                    debugDescription: "'all' must be true when given"
                )
            }
            self = .all(try SessionFilter(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .sessions(let refs):
            try container.encode(refs, forKey: .sessions)
        case .user(let name, let filter):
            try container.encode(name, forKey: .user)
            try filter.encode(to: encoder)
        case .group(let name, let filter):
            try container.encode(name, forKey: .group)
            try filter.encode(to: encoder)
        case .all(let filter):
            try container.encode(true, forKey: .all)
            try filter.encode(to: encoder)
        }
    }
}
