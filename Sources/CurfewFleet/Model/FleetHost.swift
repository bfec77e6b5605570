import Foundation

/// A host as the fleet database knows it.
public struct FleetHost: Sendable, Equatable {
    public var id: String
    public var hostname: String
    public var labels: [String]
    public var version: String
    public var registeredAt: Date
    public var lastSeen: Date
    /// This host's clock minus the database's, in seconds, measured when it last connected.
    public var clockOffset: Double?
    /// Fleet jobs armed on it that have not fired yet.
    public var pending: Int
}

/// What one host did with one fleet job.
public struct FleetReport: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, CaseIterable {
        /// Copied into the host's queue; it fires from there.
        case armed
        case firing
        case completed
        case failed
        case cancelled
        case missed
        /// The host's configuration refused it (a protected user); `error` says why.
        case refused
    }

    public var jobID: UUID
    public var hostID: String
    public var revision: Int
    public var state: State
    /// The host's own termination id for it.
    public var terminationID: Int64?
    public var firedAt: Date?
    /// Per-session outcomes, as JSON objects (`session_id`, `user`, `result`, `error`).
    public var outcomes: String
    public var error: String?
    public var updatedAt: Date
}

/// A fleet job with every host it is for and how far each has got.
public struct FleetJobStanding: Sendable, Equatable {
    public var job: FleetJob
    /// Hosts the job is for that have not reported it yet.
    public var waiting: [String]
    public var reports: [FleetReport]
}
