import CurfewCore
import Foundation

/// A termination written once for many hosts; each matching host copies it into its own queue and fires from there.
public struct FleetJob: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case scheduled
        case cancelled
    }

    public var id: UUID
    /// A user (with optional filters) or all sessions; never session ids, which mean nothing on another host.
    public var target: Target
    public var dueAt: Date
    public var reason: String
    /// nil: each host's configured plan.
    public var notices: NoticePlan?
    /// Host ids or host names it is for; nil with no label: every host.
    public var hosts: [String]?
    public var label: String?
    /// Who wrote it, as the host they called from saw them ("alice (uid 1000)").
    public var actor: String
    /// The host id it was written from.
    public var origin: String
    public var state: State
    /// 1 at creation; each reschedule or cancel adds one, and hosts apply what they have not yet.
    public var revision: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// Whether a host with this id, name and labels is one the job is for.
    public func matches(hostID: String, hostname: String, labels: [String]) -> Bool {
        if let hosts { return hosts.contains(hostID) || hosts.contains(hostname) }
        if let label { return labels.contains(label) }
        return true
    }

    /// "every host", "hosts web-01, web-02", "label students".
    public var scope: String {
        if let hosts { return "hosts " + hosts.joined(separator: ", ") }
        if let label { return "label \(label)" }
        return "every host"
    }
}

/// What an admin asks the fleet for; checked on the host they call from, then by every host it reaches.
public struct FleetJobRequest: Sendable, Equatable {
    public var target: Target
    public var dueAt: Date
    public var reason: String
    public var notices: NoticePlan?
    public var hosts: [String]?
    public var label: String?
    public var caller: Caller

    public init(
        target: Target,
        dueAt: Date,
        reason: String,
        notices: NoticePlan? = nil,
        hosts: [String]? = nil,
        label: String? = nil,
        caller: Caller
    ) {
        self.target = target
        self.dueAt = dueAt
        self.reason = reason
        self.notices = notices
        self.hosts = hosts
        self.label = label
        self.caller = caller
    }
}

/// Why the fleet refused a request or could not be asked.
public struct FleetError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case invalid
        case notFound
        case conflict
        /// Fleet mode is off, or its database cannot be reached now.
        case unavailable
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
