/// `POST /v1/terminations`. Fields left nil are left out, so the daemon's defaults apply.
struct TerminationBody: Encodable, Sendable, Equatable {
    var target: TargetBody
    /// As the admin typed it: the daemon reads it in its own time zone.
    var at: String?
    var within: String?
    var reason: String?
    var notices: [String]?
    var noNotice: Bool?
    var dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case target, at
        case within = "in"
        case reason, notices
        case noNotice = "no_notice"
        case dryRun = "dry_run"
    }
}

/// `TargetRequest`: exactly one of `sessions`, `user` or `all`, with filters for the latter two.
struct TargetBody: Encodable, Sendable, Equatable {
    var sessions: [String]?
    var user: String?
    var all: Bool?
    var remoteHost: String?
    var service: String?
    var tty: String?
    var sessionClass: String?
    var type: String?

    enum CodingKeys: String, CodingKey {
        case sessions, user, all
        case remoteHost = "remote_host"
        case service, tty
        case sessionClass = "class"
        case type
    }
}

/// `PATCH /v1/terminations/{id}`: exactly one of `at` or `in`.
struct RescheduleBody: Encodable, Sendable, Equatable {
    var at: String?
    var within: String?

    enum CodingKeys: String, CodingKey {
        case at
        case within = "in"
    }
}
