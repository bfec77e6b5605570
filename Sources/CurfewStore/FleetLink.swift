import CurfewCore
import Foundation

/// What a fleet job became on this host: a local termination, or a reason there is none.
public struct FleetLink: Sendable, Equatable {
    /// Why no local termination stands for a fleet job.
    public enum Settled: String, Sendable, Equatable {
        /// This host's configuration refused it (a protected user, a bad target); `detail` says why.
        case refused
        /// Cancelled centrally before this host armed it.
        case cancelled
        /// Its due time passed longer ago than missed_after while this host was away.
        case missed
    }

    public var fleetID: String
    public var terminationID: TerminationID?
    /// The fleet job's revision this host has applied (creation 1; each reschedule or cancel adds one).
    public var revision: Int
    public var settled: Settled?
    public var detail: String?

    public init(
        fleetID: String,
        terminationID: TerminationID?,
        revision: Int,
        settled: Settled? = nil,
        detail: String? = nil
    ) {
        self.fleetID = fleetID
        self.terminationID = terminationID
        self.revision = revision
        self.settled = settled
        self.detail = detail
    }
}

/// One fleet job's standing on this host, waiting in the outbox to be reported.
public struct FleetReportDraft: Sendable, Equatable {
    public var link: FleetLink
    /// The local job as it stands now, if there is one.
    public var termination: Termination?
    /// Which change queued it; `markFleetReported` clears it only if nothing newer came since.
    public var generation: Int64

    public init(link: FleetLink, termination: Termination?, generation: Int64) {
        self.link = link
        self.termination = termination
        self.generation = generation
    }
}
