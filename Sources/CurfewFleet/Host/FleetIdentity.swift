import CurfewCore
import Foundation

/// Who this host is in the fleet: its id (configured, or /etc/machine-id), its name, its labels, and the random
/// instance id that tells a restart of this host from a second host claiming the same id.
public struct FleetIdentity: Sendable, Equatable {
    public var hostID: String
    public var hostname: String
    public var labels: [String]
    public var instance: UUID

    public init(hostID: String, hostname: String, labels: [String], instance: UUID) {
        self.hostID = hostID
        self.hostname = hostname
        self.labels = labels
        self.instance = instance
    }

    /// Reads what the configuration does not give; the instance id is kept in the state directory.
    public static func load(
        _ fleet: FleetConfiguration,
        stateDirectory: String,
        machineIDPath: String = "/etc/machine-id"
    ) throws(FleetError) -> FleetIdentity {
        let hostID: String
        if let configured = fleet.hostID {
            hostID = configured
        } else {
            let text = (try? String(contentsOfFile: machineIDPath, encoding: .utf8)) ?? ""
            let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard FleetConfiguration.isName(id) else {
                throw FleetError(
                    .invalid,
                    "\(machineIDPath) is missing or empty, so this host has no fleet id; set fleet.host_id"
                )
            }
            hostID = id
        }
        return FleetIdentity(
            hostID: hostID,
            hostname: ProcessInfo.processInfo.hostName,
            labels: fleet.labels,
            instance: try instanceID(path: stateDirectory + "/fleet-instance")
        )
    }

    private static func instanceID(path: String) throws(FleetError) -> UUID {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
            let id = UUID(uuidString: text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            return id
        }
        let id = UUID()
        let created = FileManager.default.createFile(
            atPath: path,
            contents: Data((id.uuidString.lowercased() + "\n").utf8),
            attributes: [.posixPermissions: 0o600]
        )
        guard created else { throw FleetError(.invalid, "cannot write \(path) (this host's fleet instance id)") }
        return id
    }
}
