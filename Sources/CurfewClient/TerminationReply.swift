#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurfewText

/// A termination as curfewd shows it (`Termination` in the API contract).
public struct TerminationReply: Decodable, Sendable, Equatable {
    /// What became of one session when the termination fired.
    public struct Outcome: Decodable, Sendable, Equatable {
        public var sessionID: String
        public var user: String
        public var result: String
        public var error: String?
        public var at: Date?

        enum CodingKeys: String, CodingKey {
            case sessionID = "sessionId"
            case user, result, error, at
        }
    }

    /// One entry of the termination's history.
    public struct Step: Decodable, Sendable, Equatable {
        public var from: String?
        public var to: String
        public var at: Date
        public var note: String?
    }

    public var id: Int64
    public var state: TerminationState
    public var targetSummary: String
    public var dueAt: Date
    public var createdAt: Date
    public var firedAt: Date?
    public var latenessSeconds: Double?
    public var reason: String
    public var notices: [String]
    public var nextNoticeAt: Date?
    public var actor: Caller
    public var dryRun: Bool
    public var sessions: [Outcome]
    public var history: [Step]
    /// Only in replies to scheduling and rescheduling: how the daemon read the time given.
    public var notes: [String]?
    /// Only when one termination is shown: the notices sent for it, and how each session got them.
    public var noticesSent: [NoticeSent]?

    /// A notice recorded for the termination.
    public struct NoticeSent: Decodable, Sendable, Equatable {
        public var kind: String
        public var lead: String?
        public var at: Date
        public var dryRun: Bool
        public var deliveries: [Delivery]?

        /// How one session got it: terminal, desktop, unreachable or error.
        public struct Delivery: Decodable, Sendable, Equatable {
            public var sessionID: String
            public var delivery: String
            public var detail: String?

            enum CodingKeys: String, CodingKey {
                case sessionID = "sessionId"
                case delivery, detail
            }
        }
    }
}
