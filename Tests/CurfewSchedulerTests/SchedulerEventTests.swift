import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// What listeners hear of a job's whole life, in the order it happened, across a restart.
@Suite struct SchedulerEventTests {
    @Test func aJobsLifeIsTheEventsInOrderAndARestartInBetweenLosesNone() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "alice")])
        defer { h.cleanUp() }
        _ = try await h.schedule(.user("alice", .none), in: 600, notices: try NoticePlan(leads: [300]))
        await h.clock.advance(by: 300)

        try await h.restart()
        await h.clock.advance(by: 300)

        let events = try h.store.events(after: 0)
        #expect(events.map(\.id) == Array(1...Int64(events.count)))
        #expect(
            events.map(\.kind.rawValue) == [
                "termination.scheduled", "notice.sent", "notice.sent", "termination.fired", "notice.sent",
                "session.terminated", "session.terminated", "termination.completed",
            ]
        )
        #expect(events.map(\.details.notice).compactMap { $0 } == ["scheduled", "step", "final"])
        #expect(events.filter { $0.kind == .sessionTerminated }.map(\.sessionID) == ["1", "2"])
        #expect(events.allSatisfy { $0.users == ["alice"] && $0.terminationID == TerminationID(1) })
        #expect(events.last?.summary == "termination 1 (user alice) completed: 2 sessions")
    }

    @Test func aJobMissedAtStartUpSaysSo() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice")]) { $0.missedAfter = 60 }
        defer { h.cleanUp() }
        _ = try await h.schedule(.sessions(["1"]), in: 60)
        h.clock.disarm()
        await h.clock.step(to: Harness.start.addingTimeInterval(3600))

        try await h.restart()

        let missed = try #require(try h.store.events(after: 0, types: [.terminationMissed]).first)
        #expect(missed.summary == "termination 1 (session 1) missed: 59 min overdue at start-up")
    }
}
