import CurfewCore
import Foundation

/// `POST /v1/gate` and `POST /v1/gate/session`: a login as PAM names it. Fields are read as given; `GateQuery`
/// checks them, so a bad one is answered with what was wrong rather than a decoding error.
struct GateBody: Decodable {
    var user: String
    var remoteHost: String?
    var service: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case user, service
        case remoteHost = "remote_host"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        user = try container.decode(String.self, forKey: .user)
        remoteHost = try container.decodeIfPresent(String.self, forKey: .remoteHost)
        service = try container.decode(String.self, forKey: .service)
    }

    /// What the request names, escaped, for the audit entry of a refused request.
    var escaped: String {
        "user '\(GateQuery.escaped(user))' from '\(GateQuery.escaped(remoteHost ?? ""))' through '\(GateQuery.escaped(service))'"
    }
}

/// A hold as the API shows it.
struct HoldJSON: Encodable {
    var user: String
    var since: String
    var until: String
    var untilInSeconds: Double
    var terminationId: Int64?
    var actor: String
    var reason: String
    var liftedAt: String?
    var liftedBy: String?

    init(_ hold: Hold, now: Date) {
        user = hold.user
        since = TimeText.rfc3339(hold.since)
        until = TimeText.rfc3339(hold.until)
        untilInSeconds = (hold.until.timeIntervalSince(now) * 1000).rounded() / 1000
        terminationId = hold.terminationID?.rawValue
        actor = hold.actor
        reason = hold.reason
        liftedAt = hold.liftedAt.map(TimeText.rfc3339)
        liftedBy = hold.liftedBy
    }
}

/// A session curfew ended, as `GET /v1/me` and `POST /v1/gate/session` show it.
struct EndedSessionJSON: Encodable {
    var terminationId: Int64
    var sessionId: String
    var tty: String?
    var remoteHost: String?
    var endedAt: String
    var actor: String
    var reason: String
    var message: String

    init(_ ended: EndedSession, host: String, contact: String?) {
        terminationId = ended.terminationID.rawValue
        sessionId = ended.sessionID
        tty = ended.tty
        remoteHost = ended.remoteHost
        endedAt = TimeText.rfc3339(ended.endedAt)
        actor = ended.actor
        reason = ended.reason
        message = ended.message(host: host, contact: contact)
    }
}
