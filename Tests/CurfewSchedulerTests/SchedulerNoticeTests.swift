import CurfewCore
import CurfewScheduler
import Foundation
import Testing

/// Who is told what, and when.
@Suite struct SchedulerNoticeTests {
    @Test func noticesGoOutOnSchedulingAtEachStepAndAtTheDueTimeInOrder() async throws {
        let h = try await Harness(sessions: [
            .ssh("1", user: "alice"), .ssh("2", user: "alice"), .ssh("3", user: "bob"),
        ])
        defer { h.cleanUp() }
        _ = try await h.schedule(.user("alice", .none), in: 3600, notices: .standard)

        await h.clock.advance(by: 3600)

        #expect(h.notifier.kinds == ["scheduled", "step 900", "step 300", "step 60", "final"])
        let offsets = h.notifier.all.map { $0.at.timeIntervalSince(Harness.start) }
        #expect(offsets == [0, 2700, 3300, 3540, 3600])
        #expect(h.notifier.all.allSatisfy { $0.sessions == ["1", "2"] })
        #expect(h.sessions.terminated == ["1", "2"])
    }

    @Test func noticeStepsAlreadyPastAtCreationAreSkipped() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 400, notices: .standard)

        await h.clock.advance(by: 400)

        #expect(h.notifier.kinds == ["scheduled", "step 300", "step 60", "final"])
        let notices = try h.store.notices(of: job.id)
        #expect(notices.map(\.kind) == ["scheduled", "step", "step", "final"])
    }

    @Test func cancelAndRescheduleTellTheUsers() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 600)

        _ = try await h.scheduler.reschedule(job.id, to: Harness.start.addingTimeInterval(1200), by: .daemon)
        _ = try await h.scheduler.cancel(job.id, by: .daemon)
        await h.clock.advance(by: 2000)

        #expect(h.notifier.kinds == ["scheduled", "rescheduled", "cancelled"])
        #expect(h.sessions.terminated.isEmpty)
    }

    @Test func reschedulingLaterBringsBackStepsThatAreFutureAgain() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 120, notices: try NoticePlan(parsing: "5m,1m"))
        await h.clock.advance(by: 60)  // the 1m step goes out

        _ = try await h.scheduler.reschedule(job.id, to: Harness.start.addingTimeInterval(3600), by: .daemon)
        await h.clock.advance(to: Harness.start.addingTimeInterval(3600))

        #expect(h.notifier.kinds == ["scheduled", "step 60", "rescheduled", "step 300", "step 60", "final"])
    }

    @Test func aNoticeSentBeforeACrashIsNotSentAgainAfterRestart() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        _ = try await h.schedule(.user("alice", .none), in: 600, notices: try NoticePlan(parsing: "5m,1m"))
        await h.clock.advance(by: 300)  // the 5m step

        try await h.restart()
        await h.clock.advance(by: 300)

        #expect(h.notifier.kinds == ["scheduled", "step 300", "step 60", "final"])
    }

    @Test func dryRunRecordsNoticesAndOutcomesButWritesNoTerminalAndEndsNothing() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(
            .user("alice", .none),
            in: 600,
            notices: try NoticePlan(parsing: "1m"),
            dryRun: true
        )

        await h.clock.advance(by: 600)

        #expect(h.notifier.all.isEmpty)
        #expect(h.sessions.terminated.isEmpty)
        let fired = try h.job(job.id)
        #expect(fired.state == .completed)
        #expect(fired.sessions.map(\.result) == [.dryRun])
        let notices = try h.store.notices(of: job.id)
        #expect(notices.map(\.kind) == ["scheduled", "step", "final"])
        #expect(notices.allSatisfy { $0.dryRun && $0.delivered == 0 && $0.sessions == "1" })
    }

    @Test func daemonWideDryRunAppliesToEveryJob() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")]) { $0.dryRun = true }
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)

        await h.clock.advance(by: 60)

        #expect(try h.job(job.id).dryRun)
        #expect(h.sessions.terminated.isEmpty)
        #expect(h.sessions.liveIDs == ["1"])
    }
}
