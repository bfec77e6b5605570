import Foundation

/// A live login session with the terminations scheduled to end it (`Session` in the API contract).
struct SessionReply: Decodable, Sendable, Equatable {
    /// A scheduled termination that would end this session.
    struct Scheduled: Decodable, Sendable, Equatable {
        var id: Int64
        var dueAt: Date
        var secondsLeft: Double
        var reason: String
    }

    var id: String
    var user: String
    var uid: UInt32
    var remoteHost: String?
    var remoteUser: String?
    var tty: String?
    var service: String?
    var type: String?
    var sessionClass: String?
    var state: String?
    var seat: String?
    var leader: Int?
    var createdAt: Date?
    var idle: Bool
    var idleSince: Date?
    var terminations: [Scheduled]
    /// The policy that will end it first, if one will.
    var policy: PolicyEndReply?

    enum CodingKeys: String, CodingKey {
        case id, user, uid, remoteHost, remoteUser, tty, service, type
        case sessionClass = "class"
        case state, seat, leader, createdAt, idle, idleSince, terminations, policy
    }
}

/// What a policy will do to a session, and when (`PolicyEnd` in the API contract).
struct PolicyEndReply: Decodable, Sendable, Equatable {
    var policy: String
    var what: String
    var at: Date
    var secondsLeft: Double
    var dryRun: Bool
}

/// A page of `GET /v1/sessions`.
struct SessionPage: Decodable, Sendable {
    var sessions: [SessionReply]
    var total: Int
    var limit: Int
    var offset: Int
}
