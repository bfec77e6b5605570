import Foundation

/// `GET /v1/status`: the daemon's version, queue and uptime.
struct StatusReply: Decodable, Sendable, Equatable {
    var version: String
    var pending: Int
    var nextEventAt: Date?
    /// Terminations by state name.
    var counts: [String: Int]
    var dryRun: Bool
    var startedAt: Date
    var uptimeSeconds: Double
    /// Absent from a curfewd older than events.
    var events: Events?
    var webhooks: [Webhook]?

    struct Events: Decodable, Sendable, Equatable {
        var newestId: Int64
        var prunedThrough: Int64
        var retentionSeconds: Int
    }

    /// One webhook endpoint's deliveries.
    struct Webhook: Decodable, Sendable, Equatable {
        var url: String
        var pending: Int
        var delivered: Int
        var failed: Int
        var lastError: String?
        var lastErrorAt: Date?
        var lastSuccessAt: Date?
    }
}
