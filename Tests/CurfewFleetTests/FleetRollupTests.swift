import Foundation
import Testing

@testable import CurfewFleet

/// A fleet job's state as a whole, from its hosts' reports.
@Suite struct FleetRollupTests {
    private func rollup(
        _ states: [(String, FleetReport.State)],
        waiting: [String] = [],
        job: FleetJob.State = .scheduled
    ) -> FleetRollup {
        let reports = states.map { host, state in
            FleetReport(
                jobID: UUID(),
                hostID: host,
                revision: 1,
                state: state,
                terminationID: nil,
                firedAt: nil,
                outcomes: "[]",
                error: nil,
                updatedAt: Date()
            )
        }
        return FleetRollup(jobState: job, reports: reports, waiting: waiting)
    }

    @Test func noHostFiredAndSomeNotFinishedIsScheduled() {
        #expect(rollup([("a", .armed)], waiting: ["b"]).state == .scheduled)
        #expect(rollup([("a", .refused), ("b", .armed)]).state == .scheduled)
        #expect(rollup([], waiting: ["a"]).summary == "scheduled (1 host: 1 not yet armed)")
        #expect(rollup([]).summary == "scheduled (no host in scope yet)")
    }

    @Test func someHostFiredAndOthersNotFinishedIsFiring() {
        #expect(rollup([("a", .firing)]).state == .firing)
        #expect(rollup([("a", .completed), ("b", .armed)]).state == .firing)
        #expect(rollup([("a", .failed)], waiting: ["b"]).state == .firing)
    }

    @Test func everyHostCompletedIsCompleted() {
        let all = rollup([("a", .completed), ("b", .completed)])
        #expect(all.state == .completed && all.summary == "completed (2 hosts: 2 completed)")
        #expect(all.hostStates == ["completed": 2])
    }

    @Test func everyHostMissedIsMissed() {
        #expect(rollup([("a", .missed), ("b", .missed)]).state == .missed)
    }

    @Test(arguments: [FleetReport.State.failed, .refused, .missed, .cancelled])
    func allFinishedWithOneNotCompletedIsFailedNamingTheHost(_ state: FleetReport.State) {
        let mixed = rollup([("web", .completed), ("strict", state)])
        #expect(mixed.state == .failed)
        #expect(mixed.summary == "failed (2 hosts: 1 completed, 1 \(state.rawValue) (not completed on strict))")
        #expect(mixed.hostStates == ["completed": 1, state.rawValue: 1])
    }

    @Test func anAdminsCancelIsCancelledWhateverTheHostsSay() {
        let cancelled = rollup([("a", .cancelled), ("b", .armed)], waiting: ["c"], job: .cancelled)
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.summary == "cancelled (3 hosts: 1 armed, 1 not yet armed, 1 cancelled)")
        #expect(cancelled.hostStates == ["cancelled": 1, "armed": 1, "waiting": 1])
    }

    @Test func manyHostsInOneStateAreCountedAfterTheFirstFewNames() {
        let failed = rollup([("d", .refused), ("a", .refused), ("c", .refused), ("b", .refused), ("e", .completed)])
        #expect(failed.summary == "failed (5 hosts: 1 completed, 4 refused (not completed on a, b, c and 1 more))")
    }
}
