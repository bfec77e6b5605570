/// `POST /v1/terminations`. Fields left nil are left out, so the daemon's defaults apply.
public struct TerminationBody: Encodable, Sendable, Equatable {
    public var target: TargetBody
    /// As the admin typed it: the daemon reads it in its own time zone.
    public var at: String?
    public var within: String?
    public var reason: String?
    public var notices: [String]?
    public var noNotice: Bool?
    public var dryRun: Bool?
    public var hold: String?
    public var holdUntil: String?

    public init(
        target: TargetBody,
        at: String? = nil,
        within: String? = nil,
        reason: String? = nil,
        notices: [String]? = nil,
        noNotice: Bool? = nil,
        dryRun: Bool? = nil,
        hold: String? = nil,
        holdUntil: String? = nil
    ) {
        self.target = target
        self.at = at
        self.within = within
        self.reason = reason
        self.notices = notices
        self.noNotice = noNotice
        self.dryRun = dryRun
        self.hold = hold
        self.holdUntil = holdUntil
    }

    enum CodingKeys: String, CodingKey {
        case target, at
        case within = "in"
        case reason, notices
        case noNotice = "no_notice"
        case dryRun = "dry_run"
        case hold
        case holdUntil = "hold_until"
    }
}

/// `POST /v1/fleet/terminations`: a termination's fields and its scope (hosts or a label; neither is every host).
public struct FleetTerminationBody: Encodable, Sendable, Equatable {
    public var target: TargetBody
    public var at: String?
    public var within: String?
    public var reason: String?
    public var notices: [String]?
    public var noNotice: Bool?
    public var hosts: [String]?
    public var label: String?

    public init(
        target: TargetBody,
        at: String? = nil,
        within: String? = nil,
        reason: String? = nil,
        notices: [String]? = nil,
        noNotice: Bool? = nil,
        hosts: [String]? = nil,
        label: String? = nil
    ) {
        self.target = target
        self.at = at
        self.within = within
        self.reason = reason
        self.notices = notices
        self.noNotice = noNotice
        self.hosts = hosts
        self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case target, at
        case within = "in"
        case reason, notices
        case noNotice = "no_notice"
        case hosts, label
    }
}

/// `TargetRequest`: exactly one of `sessions`, `user`, `group` or `all`, with filters for all but `sessions`.
public struct TargetBody: Encodable, Sendable, Equatable {
    public var sessions: [String]?
    public var user: String?
    public var group: String?
    public var all: Bool?
    public var remoteHost: String?
    public var service: String?
    public var tty: String?
    public var sessionClass: String?
    public var type: String?

    public init(
        sessions: [String]? = nil,
        user: String? = nil,
        group: String? = nil,
        all: Bool? = nil,
        remoteHost: String? = nil,
        service: String? = nil,
        tty: String? = nil,
        sessionClass: String? = nil,
        type: String? = nil
    ) {
        self.sessions = sessions
        self.user = user
        self.group = group
        self.all = all
        self.remoteHost = remoteHost
        self.service = service
        self.tty = tty
        self.sessionClass = sessionClass
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case sessions, user, group, all
        case remoteHost = "remote_host"
        case service, tty
        case sessionClass = "class"
        case type
    }
}

/// `PATCH /v1/terminations/{id}`: exactly one of `at` or `in`.
public struct RescheduleBody: Encodable, Sendable, Equatable {
    public var at: String?
    public var within: String?

    public init(
        at: String? = nil,
        within: String? = nil
    ) {
        self.at = at
        self.within = within
    }

    enum CodingKeys: String, CodingKey {
        case at
        case within = "in"
    }
}
