import Foundation

/// How this host stands with the fleet database, for `curfewctl status`, `fleet hosts` and STATUS=.
public struct FleetStatus: Sendable, Equatable {
    public enum Connection: String, Sendable, Equatable {
        case connecting
        case connected
        /// Could not connect or lost the connection; retried with back-off. Firing goes on from the local queue.
        case unreachable
        /// The database refused this host (a duplicate host id, a newer schema); retried with back-off.
        case refused
    }

    public var hostID: String
    public var hostname: String
    public var labels: [String]
    public var connection: Connection
    public var since: Date
    public var lastError: String?
    /// This host's clock minus the database's, in seconds, measured on the last connect.
    public var clockOffset: Double?
    /// Set when the offset is beyond fleet.clock_tolerance.
    public var clockWarning: String?
    /// When fleet jobs were last read in full.
    public var lastSync: Date?
    /// Reports waiting in the local outbox.
    public var unreported: Int

    public init(hostID: String, hostname: String, labels: [String], since: Date) {
        self.hostID = hostID
        self.hostname = hostname
        self.labels = labels
        self.connection = .connecting
        self.since = since
        self.unreported = 0
    }
}
