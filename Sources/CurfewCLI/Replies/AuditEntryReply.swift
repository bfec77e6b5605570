import CurfewCore
import Foundation

/// One line of the audit trail (`AuditEntry` in the API contract).
struct AuditEntryReply: Decodable, Sendable, Equatable {
    var id: Int64
    var at: Date
    var actor: Caller
    var action: String
    /// The target's summary, or the request path of a denied call.
    var target: String?
    var terminationID: Int64?
    var sessionID: String?
    var reason: String?
    var result: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, action, target
        case terminationID = "terminationId"
        case sessionID = "sessionId"
        case reason, result
    }
}

/// A page of `GET /v1/audit`; the trail has no total, it only grows.
struct AuditPage: Decodable, Sendable {
    var entries: [AuditEntryReply]
    var limit: Int
    var offset: Int
}
