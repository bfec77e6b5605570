import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

@testable import CurfewFleet

/// A host copying fleet jobs into its own queue: once per job, following cancels and moves, refusing what its own
/// configuration refuses, and queueing a report for each change.
@Suite struct FleetArmingTests {
    private func job(
        _ target: Target = .user("alice", SessionFilter()),
        in seconds: TimeInterval = 3_600,
        state: FleetJob.State = .scheduled,
        revision: Int = 1,
        id: UUID = UUID()
    ) -> FleetJob {
        let now = Date()
        return FleetJob(
            id: id,
            target: target,
            dueAt: now.addingTimeInterval(seconds),
            reason: "offboarding",
            notices: nil,
            hosts: nil,
            label: "students",
            actor: "root (uid 0)",
            origin: "admin-01",
            state: state,
            revision: revision,
            createdAt: now,
            updatedAt: now
        )
    }

    private func arming(_ host: FleetHostHarness) -> FleetArming {
        FleetArming(scheduler: host.scheduler, store: host.store, config: host.settings, hostID: "lab-01")
    }

    private func key(_ job: FleetJob) -> String { job.id.uuidString.lowercased() }

    @Test func aFleetJobBecomesOneLocalJobQueuedAsTheFleetsActor() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        let fleetJob = job()
        try await arming(host).apply(fleetJob, now: Date())
        let link = try #require(try host.store.fleetLink(key(fleetJob)))
        let id = try #require(link.terminationID)
        let local = try #require(try host.store.termination(id))
        #expect(local.state == .scheduled && local.target == fleetJob.target && local.reason == "offboarding")
        #expect(abs(local.dueAt.timeIntervalSince(fleetJob.dueAt)) < 0.001)
        #expect(local.caller.name == "fleet: root (uid 0) on admin-01")
        #expect(try host.store.pendingFleetReports().map(\.link) == [link])
        let received = try #require(try host.store.events(after: 0).last { $0.kind == .fleetJobReceived })
        #expect(received.details.fleetJob == key(fleetJob) && received.details.host == "lab-01")
        #expect(received.details.result == "armed" && received.terminationID == id && received.users == ["alice"])
    }

    @Test func applyingAgainChangesNothing() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        let fleetJob = job()
        try await arming(host).apply(fleetJob, now: Date())
        #expect(try await arming(host).apply(fleetJob, now: Date()) == "already applied")
        #expect(try host.store.count() == 1)
    }

    @Test func aCrashBetweenQueueingAndLinkingQueuesNothingTwice() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        let fleetJob = job()
        // What arming does before it links: queued under the fleet job's key, then the crash.
        let earlier = try await host.scheduler.schedule(
            TerminationRequest(
                target: .user("alice", SessionFilter()),
                dueAt: fleetJob.dueAt,
                reason: "offboarding",
                caller: FleetArming.caller(fleetJob),
                idempotency: Idempotency(key: "fleet:\(key(fleetJob))", uid: 0, requestHash: "fleet:\(key(fleetJob))")
            )
        )
        try await arming(host).apply(fleetJob, now: Date())
        #expect(try host.store.fleetLink(key(fleetJob))?.terminationID == earlier.id)
        #expect(try host.store.count() == 1)
    }

    @Test func aCancelAndAMoveReachTheLocalJob() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        var fleetJob = job()
        try await arming(host).apply(fleetJob, now: Date())
        let id = try #require(try host.store.fleetLink(key(fleetJob))?.terminationID)
        fleetJob.dueAt = fleetJob.dueAt.addingTimeInterval(600)
        fleetJob.revision = 2
        #expect(try await arming(host).apply(fleetJob, now: Date()) == "rescheduled")
        #expect(abs(try #require(try host.store.termination(id)).dueAt.timeIntervalSince(fleetJob.dueAt)) < 0.001)
        fleetJob.state = .cancelled
        fleetJob.revision = 3
        #expect(try await arming(host).apply(fleetJob, now: Date()) == "cancelled")
        #expect(try host.store.termination(id)?.state == .cancelled)
        #expect(try host.store.fleetLink(key(fleetJob))?.revision == 3)
    }

    @Test func aCancelAfterFiringIsReportedAsNotDoneHere() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        var fleetJob = job()
        try await arming(host).apply(fleetJob, now: Date())
        let id = try #require(try host.store.fleetLink(key(fleetJob))?.terminationID)
        _ = try host.store.beginFiring([id], at: Date())
        fleetJob.state = .cancelled
        fleetJob.revision = 2
        try await arming(host).apply(fleetJob, now: Date())
        let link = try #require(try host.store.fleetLink(key(fleetJob)))
        #expect(link.revision == 2 && link.detail?.hasPrefix("not cancelled here") == true)
    }

    @Test func aJobCancelledBeforeThisHostSawItIsSettledWithoutALocalJob() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        let fleetJob = job(state: .cancelled, revision: 2)
        #expect(try await arming(host).apply(fleetJob, now: Date()) == "cancelled")
        #expect(try host.store.fleetLink(key(fleetJob))?.settled == .cancelled)
        #expect(try host.store.count() == 0)
    }

    @Test func aUserProtectedHereIsRefusedAndTheReasonReported() async throws {
        let host = try await FleetHostHarness { $0.protectedUsers = ["root", "ops"] }
        defer { host.cleanUp() }
        let fleetJob = job(.user("ops", SessionFilter()))
        #expect(try await arming(host).apply(fleetJob, now: Date()) == "refused")
        let link = try #require(try host.store.fleetLink(key(fleetJob)))
        #expect(link.terminationID == nil && link.detail?.contains("protected") == true)
        #expect(try host.store.count() == 0)
    }

    @Test func aJobDueWhileThisHostWasAwayFiresLateOrIsMissedPerMissedAfter() async throws {
        let host = try await FleetHostHarness { $0.missedAfter = 600 }
        defer { host.cleanUp() }
        let late = job(in: -60)
        try await arming(host).apply(late, now: Date())
        #expect(try host.store.fleetLink(key(late))?.terminationID != nil)
        let tooLate = job(in: -3_600)
        #expect(try await arming(host).apply(tooLate, now: Date()) == "missed")
        #expect(try host.store.fleetLink(key(tooLate))?.detail?.contains("missed_after") == true)
    }

    @Test func changesToALinkedLocalJobQueueAReportThroughTheEventLog() async throws {
        let host = try await FleetHostHarness()
        defer { host.cleanUp() }
        let fleetJob = job()
        try await arming(host).apply(fleetJob, now: Date())
        for draft in try host.store.pendingFleetReports() {
            try host.store.markFleetReported(draft.link.fleetID, generation: draft.generation)
        }
        #expect(try host.store.fleetOutboxCount() == 0)
        let id = try #require(try host.store.fleetLink(key(fleetJob))?.terminationID)
        _ = try await host.scheduler.cancel(id, by: FleetHostHarness.admin)
        #expect(try host.store.fillFleetOutbox(at: Date()) == 1)
        let draft = try #require(try host.store.pendingFleetReports().first)
        #expect(draft.termination?.state == .cancelled)
        #expect(FleetReporting.report(draft, hostID: "h")?.state == .cancelled)
    }
}
