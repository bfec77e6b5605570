/// Where a fleet job stands as a whole, worked out from its hosts' reports each time it is read (nothing stores it).
public struct FleetRollup: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, CaseIterable {
        /// No host has fired it yet and some host has not finished with it.
        case scheduled
        /// Some host has fired it; others have not finished.
        case firing
        /// Every host completed it.
        case completed
        /// Every host missed it (down for longer than its missed_after).
        case missed
        /// Every host has finished and at least one did not complete it (failed, refused, missed, cancelled locally).
        case failed
        /// An admin cancelled it.
        case cancelled
    }

    /// How a host in scope stands in the counts: its report's state, or `waiting` when it has not reported yet.
    public static let waiting = "waiting"

    public var state: State
    /// Hosts in scope by their state (`armed`, `completed`, ..., `waiting`); states no host is in are absent.
    public var hostStates: [String: Int]
    /// `failed (2 hosts: 1 completed, 1 refused (not completed on strict))`.
    public var summary: String

    /// Host states in the order the summary names them: done, then under way, then what went wrong.
    private static let order: [String] = [
        FleetReport.State.completed.rawValue, FleetReport.State.firing.rawValue, FleetReport.State.armed.rawValue,
        waiting, FleetReport.State.failed.rawValue, FleetReport.State.refused.rawValue,
        FleetReport.State.missed.rawValue, FleetReport.State.cancelled.rawValue,
    ]
    private static let fired: Set<FleetReport.State> = [.firing, .completed, .failed]
    private static let unfinished: Set<FleetReport.State> = [.armed, .firing]
    private static let notCompleted: Set<String> = [
        FleetReport.State.failed.rawValue, FleetReport.State.refused.rawValue, FleetReport.State.missed.rawValue,
        FleetReport.State.cancelled.rawValue,
    ]
    /// Hosts named in the summary for one state; more are counted.
    static let namedHosts = 3

    public init(jobState: FleetJob.State, reports: [FleetReport], waiting: [String]) {
        var hosts: [String: [String]] = [:]
        for report in reports { hosts[report.state.rawValue, default: []].append(report.hostID) }
        if !waiting.isEmpty { hosts[Self.waiting] = waiting }
        hostStates = hosts.mapValues(\.count)
        let total = reports.count + waiting.count
        state = Self.state(jobState, reports: reports, waiting: waiting.count)
        guard total > 0 else {
            summary = "\(state.rawValue) (no host in scope yet)"
            return
        }
        let named = state != .cancelled
        let parts = Self.order.compactMap { key -> String? in
            guard let names = hosts[key] else { return nil }
            let label = key == Self.waiting ? "not yet armed" : key
            guard named, Self.notCompleted.contains(key) else { return "\(names.count) \(label)" }
            return "\(names.count) \(label) (not completed on \(Self.list(names.sorted())))"
        }
        summary = "\(state.rawValue) (\(total) host\(total == 1 ? "" : "s"): \(parts.joined(separator: ", ")))"
    }

    private static func state(_ jobState: FleetJob.State, reports: [FleetReport], waiting: Int) -> State {
        if jobState == .cancelled { return .cancelled }
        let states = reports.map(\.state)
        if waiting > 0 || states.isEmpty || states.contains(where: unfinished.contains) {
            return states.contains(where: fired.contains) ? .firing : .scheduled
        }
        if states.allSatisfy({ $0 == .completed }) { return .completed }
        if states.allSatisfy({ $0 == .missed }) { return .missed }
        return .failed
    }

    private static func list(_ names: [String]) -> String {
        guard names.count > namedHosts else { return names.joined(separator: ", ") }
        return names.prefix(namedHosts).joined(separator: ", ") + " and \(names.count - namedHosts) more"
    }
}

extension FleetJobStanding {
    /// The job as a whole, from its hosts' reports.
    public var rollup: FleetRollup {
        FleetRollup(jobState: job.state, reports: reports, waiting: waiting)
    }
}
