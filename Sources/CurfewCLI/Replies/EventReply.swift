import Foundation

/// An event as curfewd sends it (`Event` in the API contract); details are kept as they came.
struct EventReply: Decodable, Sendable, Equatable {
    var id: Int64
    var type: String
    var at: Date
    var terminationId: Int64?
    var sessionId: String?
    var user: String?
    var users: [String]
    var allUsers: Bool
    var summary: String
}

/// `GET /v1/events` as JSON.
struct EventPage: Decodable, Sendable {
    struct Gap: Decodable, Sendable, Equatable {
        var after: Int64
        var prunedThrough: Int64
        var message: String
    }

    var events: [EventReply]
    var lastId: Int64
    var newestId: Int64
    var gap: Gap?
}
