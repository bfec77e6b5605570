import CurfewClient
import Foundation

/// A hold, as `GET /v1/holds`, `DELETE /v1/holds/{user}` and `GET /v1/me` show it.
struct HoldReply: Decodable, Sendable, Equatable {
    var user: String
    var since: Date
    var until: Date
    var terminationId: Int64?
    var actor: String
    var reason: String
    var liftedAt: Date?
    var liftedBy: String?
}

/// `GET /v1/holds`.
struct HoldsReply: Decodable, Sendable, Equatable {
    var holds: [HoldReply]
}

/// `DELETE /v1/holds/{user}`.
struct LiftedReply: Decodable, Sendable, Equatable {
    var user: String
    var lifted: [HoldReply]
}

/// A session curfew ended, with the sentence its user is told.
struct EndedSessionReply: Decodable, Sendable, Equatable {
    var terminationId: Int64
    var sessionId: String
    var tty: String?
    var remoteHost: String?
    var endedAt: Date
    var actor: String
    var reason: String
    var message: String
}
