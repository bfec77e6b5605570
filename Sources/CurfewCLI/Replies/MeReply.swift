import CurfewClient
import Foundation

/// `GET /v1/me`: the caller's own sessions and the terminations that would end them.
struct MeReply: Decodable, Sendable, Equatable {
    var user: String
    var uid: UInt32
    var sessions: [SessionReply]
    var terminations: [TerminationReply]
    /// Sessions curfew ended lately (left out by a curfewd older than the login gate).
    var endedSessions: [EndedSessionReply]?
    var hold: HoldReply?
}
