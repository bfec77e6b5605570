import CurfewCore
import Foundation

/// A termination as curfewd shows it (`Termination` in the API contract).
struct TerminationReply: Decodable, Sendable, Equatable {
    /// What became of one session when the termination fired.
    struct Outcome: Decodable, Sendable, Equatable {
        var sessionID: String
        var user: String
        var result: String
        var error: String?
        var at: Date?

        enum CodingKeys: String, CodingKey {
            case sessionID = "sessionId"
            case user, result, error, at
        }
    }

    /// One entry of the termination's history.
    struct Step: Decodable, Sendable, Equatable {
        var from: String?
        var to: String
        var at: Date
        var note: String?
    }

    var id: Int64
    var state: TerminationState
    var targetSummary: String
    var dueAt: Date
    var createdAt: Date
    var firedAt: Date?
    var latenessSeconds: Double?
    var reason: String
    var notices: [String]
    var nextNoticeAt: Date?
    var actor: Caller
    var dryRun: Bool
    var sessions: [Outcome]
    var history: [Step]
    /// Only in replies to scheduling and rescheduling: how the daemon read the time given.
    var notes: [String]?
}

/// A page of `GET /v1/terminations`.
struct TerminationPage: Decodable, Sendable {
    var terminations: [TerminationReply]
    var total: Int
    var limit: Int
    var offset: Int
}
