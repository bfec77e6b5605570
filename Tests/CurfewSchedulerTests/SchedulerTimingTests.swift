import CurfewCore
import CurfewScheduler
import Foundation
import Testing

/// The one alarm: where it is set, when it is moved, and that nothing fires early.
@Suite struct SchedulerTimingTests {
    @Test func jobsFireInDueOrderWhateverTheOrderTheyWereQueued() async throws {
        let h = try await Harness(sessions: [
            .ssh("1", user: "alice"), .ssh("2", user: "bob"), .ssh("3", user: "carol"),
        ])
        defer { h.cleanUp() }
        _ = try await h.schedule(.sessions(["3"]), in: 300)
        _ = try await h.schedule(.sessions(["1"]), in: 100)
        _ = try await h.schedule(.sessions(["2"]), in: 200)

        await h.clock.advance(by: 1000)

        #expect(h.sessions.terminated == ["1", "2", "3"])
    }

    @Test func alarmIsSetForTheEarliestEventAndMovedByAnEarlierInsert() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        #expect(h.clock.deadline == nil)

        _ = try await h.schedule(.user("alice", .none), in: 3600, notices: try NoticePlan(parsing: "15m"))
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(3600 - 900))

        _ = try await h.schedule(.user("bob", .none), in: 600)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(600))

        _ = try await h.schedule(.user("carol", .none), in: 7200)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(600))
    }

    @Test func cancellingTheEarliestJobMovesTheAlarmToTheNext() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let first = try await h.schedule(.user("alice", .none), in: 100)
        _ = try await h.schedule(.user("bob", .none), in: 200)

        _ = try await h.scheduler.cancel(first.id, by: .daemon)

        #expect(h.clock.deadline == Harness.start.addingTimeInterval(200))
        #expect(try h.job(first.id).state == .cancelled)
    }

    @Test func cancellingTheLastJobClearsTheAlarm() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 100)

        _ = try await h.scheduler.cancel(job.id, by: .daemon)

        #expect(h.clock.deadline == nil)
        await h.clock.advance(by: 200)
        #expect(try h.job(job.id).state == .cancelled)
    }

    @Test func reschedulingMovesTheAlarmAndTheJobFiresAtTheNewTime() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 100)

        _ = try await h.scheduler.reschedule(job.id, to: Harness.start.addingTimeInterval(500), by: .daemon)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(500))

        await h.clock.advance(by: 499)
        #expect(h.sessions.terminated.isEmpty)
        await h.clock.advance(by: 1)
        #expect(h.sessions.terminated == ["1"])
        #expect(try h.job(job.id).firedAt == Harness.start.addingTimeInterval(500))
    }

    @Test func anAlarmThatGoesOffEarlyFiresNothing() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 100)

        await h.clock.ringEarly()

        #expect(h.sessions.terminated.isEmpty)
        #expect(try h.job(job.id).state == .scheduled)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(100))
    }

    @Test func clockSteppedBackwardDelaysTheJob() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 100)

        await h.clock.step(to: Harness.start.addingTimeInterval(-3600))
        await h.clock.advance(by: 3600 + 99)

        #expect(h.sessions.terminated.isEmpty)
        #expect(try h.job(job.id).state == .scheduled)
    }

    @Test func clockSteppedForwardFiresWhatBecameDueAndRecordsHowLate() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "bob")])
        defer { h.cleanUp() }
        let early = try await h.schedule(.sessions(["1"]), in: 100)
        let later = try await h.schedule(.sessions(["2"]), in: 7200)

        await h.clock.step(to: Harness.start.addingTimeInterval(3600))

        #expect(h.sessions.terminated == ["1"])
        #expect(try h.job(early.id).lateness == 3500)
        #expect(try h.job(later.id).state == .scheduled)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(7200))
    }
}
