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
    /// Absent from a curfewd older than the firing reserve.
    var disk: Disk?

    /// The state directory's room and the firing reserve.
    struct Disk: Decodable, Sendable, Equatable {
        var directory: String
        var full: Bool
        var fullSince: Date?
        var reserveBytes: Int64
        var reserveCapacityBytes: Int64
    }

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
