import CurfewClient
import Foundation

/// A fleet job as curfewd shows it (`FleetTermination` in the API contract).
struct FleetJobReply: Decodable, Sendable, Equatable {
    struct HostReport: Decodable, Sendable, Equatable {
        var host: String
        var state: String
        var revision: Int
        var terminationId: Int64?
        var firedAt: Date?
        var lateSeconds: Double?
        var sessions: [TerminationReply.Outcome]
        var error: String?
        var updatedAt: Date
    }

    struct Target: Decodable, Sendable, Equatable {
        var user: String?
        var all: Bool?
    }

    var id: String
    var target: Target
    var dueAt: Date
    var reason: String
    var notices: String?
    var hosts: [String]?
    var label: String?
    var actor: String
    var origin: String
    var state: String
    var revision: Int
    var createdAt: Date
    var waiting: [String]?
    var reports: [HostReport]?
    /// The job as a whole, from its hosts' reports; only in GET replies.
    var rollup: String?
    var hostStates: [String: Int]?
    var summary: String?

    var targetSummary: String {
        target.user.map { "user \($0)" } ?? "all sessions"
    }

    var scope: String {
        if let hosts { return "hosts " + hosts.joined(separator: ",") }
        if let label { return "label \(label)" }
        return "every host"
    }
}

struct FleetJobsReply: Decodable, Sendable, Equatable {
    var terminations: [FleetJobReply]
}

struct FleetHostsReply: Decodable, Sendable, Equatable {
    struct Host: Decodable, Sendable, Equatable {
        var id: String
        var hostname: String
        var labels: [String]
        var version: String
        var lastSeen: Date
        var clockOffsetSeconds: Double?
        var pending: Int
    }

    var hosts: [Host]
}

struct FleetStatusReply: Decodable, Sendable, Equatable {
    var enabled: Bool
    var hostId: String?
    var hostname: String?
    var labels: [String]?
    var database: String?
    var connection: String?
    var since: Date?
    var lastError: String?
    var clockOffsetSeconds: Double?
    var clockWarning: String?
    var lastSync: Date?
    var unreported: Int?
}

/// `GET /v1/fleet/audit`.
struct FleetAuditReply: Decodable, Sendable, Equatable {
    struct Entry: Decodable, Sendable, Equatable {
        var id: Int64
        var at: Date
        var host: String
        var actor: String
        var action: String
        var jobId: String?
        var detail: String
    }

    var entries: [Entry]
}
