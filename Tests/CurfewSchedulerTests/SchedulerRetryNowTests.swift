import CurfewCore
import Foundation
import Testing

@testable import CurfewScheduler

/// `retryNow()`: logind is back, so jobs waiting out their back-off are picked up at once.
@Suite struct SchedulerRetryNowTests {
    @Test func jobWaitingOutItsBackOffFiresAtOnceWhenLogindIsBack() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        h.sessions.setUnreachable(true)
        await h.clock.advance(by: 60)  // fails at the due time, again after 1 s and 2 s: next try after 4 s more
        await h.clock.advance(by: 3)
        h.sessions.setUnreachable(false)
        await h.clock.advance(by: 0.5)
        #expect(try h.job(job.id).state == .firing)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(67))

        await h.scheduler.retryNow()
        #expect(h.clock.deadline == h.clock.now())
        await h.clock.advance(by: 0)

        #expect(h.sessions.terminated == ["1"])
        let finished = try h.job(job.id)
        #expect(finished.state == .completed)
        #expect(finished.firedAt == Harness.start.addingTimeInterval(60))
        // The delay shows in the outcome's time.
        #expect(finished.sessions.first?.at == Harness.start.addingTimeInterval(63.5))
    }

    @Test func withNothingWaitingTheAlarmStaysWhereItWas() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        _ = try await h.schedule(.sessions(["1"]), in: 60)
        let armings = h.clock.armings
        await h.scheduler.retryNow()
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(60))
        #expect(h.clock.armings == armings)
    }

    @Test func theBackOffStartsAgainFromItsShortest() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        _ = try await h.schedule(.sessions(["1"]), in: 10)
        h.sessions.setUnreachable(true)
        await h.clock.advance(by: 13)  // failed at +10, +11 and +13
        #expect(await h.scheduler.retryDelay == 8)
        await h.scheduler.retryNow()
        #expect(await h.scheduler.retryDelay == 1)
    }
}
