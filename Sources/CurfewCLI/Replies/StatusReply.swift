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
}
