import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation

/// Copies fleet jobs into this host's queue and applies their cancels and reschedules. Idempotent by the fleet
/// job's id and revision: applying the same job twice, or after a crash between scheduling and linking, changes
/// nothing.
struct FleetArming: Sendable {
    let scheduler: Scheduler
    let store: TerminationStore
    let config: LiveConfiguration
    /// This host's id in the fleet, for its events.
    let hostID: String

    /// The local caller fleet jobs are queued, cancelled and moved as: audit on this host shows who wrote them where.
    static func caller(_ job: FleetJob) -> Caller {
        Caller(uid: 0, name: "fleet: \(job.actor) on \(job.origin)", pid: 0)
    }

    /// Brings this host up to the job's revision; returns what it did, for the log.
    @discardableResult
    func apply(_ job: FleetJob, now: Date) async throws -> String {
        let link = try store.fleetLink(job.id.uuidString.lowercased())
        if let link, link.revision >= job.revision { return "already applied" }
        guard let link else {
            let first = job.state == .cancelled ? cancelledBeforeArming(job) : try await arm(job, now: now)
            try store.recordFleetLink(first, at: now, event: received(job, first, now: now))
            return first.settled?.rawValue ?? "armed"
        }
        var next = link
        next.revision = job.revision
        if let id = link.terminationID {
            next.detail = try await follow(job, local: id, now: now)
        }
        try store.recordFleetLink(next, at: now)
        return job.state == .cancelled ? "cancelled" : "rescheduled"
    }

    /// The `fleet.job_received` event: what became of the fleet job here.
    private func received(_ job: FleetJob, _ link: FleetLink, now: Date) -> Event {
        let outcome = link.settled?.rawValue ?? "armed"
        var details = EventDetails(
            target: job.target.summary,
            dueAt: TimeText.rfc3339(job.dueAt),
            reason: job.reason,
            result: outcome,
            error: link.detail
        )
        details.fleetJob = link.fleetID
        details.host = hostID
        return Event(
            at: now,
            kind: .fleetJobReceived,
            terminationID: link.terminationID,
            users: job.target.user.map { [$0] } ?? [],
            allUsers: job.target.user == nil,
            summary: "fleet job \(link.fleetID) (\(job.target.summary), from \(job.origin)): \(outcome) on \(hostID)",
            details: details
        )
    }

    private func cancelledBeforeArming(_ job: FleetJob) -> FleetLink {
        FleetLink(
            fleetID: job.id.uuidString.lowercased(),
            terminationID: nil,
            revision: job.revision,
            settled: .cancelled,
            detail: "cancelled before this host armed it"
        )
    }

    private func arm(_ job: FleetJob, now: Date) async throws -> FleetLink {
        let fleetID = job.id.uuidString.lowercased()
        var link = FleetLink(fleetID: fleetID, terminationID: nil, revision: job.revision)
        let late = now.timeIntervalSince(job.dueAt)
        if late > 0, let window = config.current.missedAfter, late > TimeInterval(window) {
            link.settled = .missed
            link.detail =
                "due \(TimeText.absolute(job.dueAt)); this host saw it \(DurationText.format(Int(late))) late, more than missed_after (\(DurationText.format(window)))"
            return link
        }
        let target: TerminationRequest.TargetRequest
        switch job.target {
        case .user(let name, let filter): target = .user(name, filter)
        case .all(let filter): target = .all(filter)
        case .sessions, .group:
            link.settled = .refused
            link.detail = "a fleet job names a user or all sessions, not session ids or a group"
            return link
        }
        let request = TerminationRequest(
            target: target,
            dueAt: max(job.dueAt, now),
            reason: job.reason,
            notices: job.notices,
            caller: Self.caller(job),
            // A crash between queueing and linking queues nothing twice: the key gives back the same job.
            idempotency: Idempotency(key: "fleet:\(fleetID)", uid: 0, requestHash: "fleet:\(fleetID)")
        )
        do {
            link.terminationID = try await scheduler.schedule(request).id
        } catch let error as SchedulerError where error.code == .invalid {
            link.settled = .refused
            link.detail = "refused by this host: \(error.message)"
        }
        return link
    }

    /// Cancels or moves the local job; what could not be done (it already fired) is said in the report.
    private func follow(_ job: FleetJob, local id: TerminationID, now: Date) async throws -> String? {
        do {
            if job.state == .cancelled {
                _ = try await scheduler.cancel(id, by: Self.caller(job))
            } else {
                _ = try await scheduler.reschedule(id, to: max(job.dueAt, now), by: Self.caller(job))
            }
            return nil
        } catch let error as SchedulerError where error.code == .conflict || error.code == .notFound {
            return "not \(job.state == .cancelled ? "cancelled" : "rescheduled") here: \(error.message)"
        }
    }
}
