import CurfewCore
import CurfewScheduler
import Foundation
import Testing

/// Restarts and crashes: an acknowledged job is never lost, never fires early, never ends a session twice or skips one.
@Suite struct SchedulerRecoveryTests {
    @Test func scheduledJobSurvivesARestartAndFiresOnTime() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 600)

        let recovery = try await h.restart()
        #expect(recovery.pending == 1)
        #expect(h.clock.deadline == Harness.start.addingTimeInterval(600))
        await h.clock.advance(by: 600)

        #expect(h.sessions.terminated == ["1"])
        #expect(try h.job(job.id).firedAt == Harness.start.addingTimeInterval(600))
    }

    @Test func jobDueWhileTheDaemonWasDownFiresAtStartAndRecordsHowLate() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 600, notices: .standard)
        await h.clock.step(to: Harness.start.addingTimeInterval(10))  // "down" from here on
        h.clock.disarm()
        await h.clock.step(to: Harness.start.addingTimeInterval(900))

        let recovery = try await h.restart()

        #expect(recovery.overdue == 1)
        #expect(h.sessions.terminated == ["1"])
        let fired = try h.job(job.id)
        #expect(fired.lateness == 300)
        #expect(fired.history.contains { $0.to == .firing && $0.note == "5 min late" })
        // The steps that passed while down are not sent late.
        #expect(h.notifier.kinds == ["scheduled", "final"])
    }

    @Test func jobOverdueBeyondTheConfiguredWindowIsMarkedMissed() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "bob")]) {
            $0.missedAfter = 3600
        }
        defer { h.cleanUp() }
        let old = try await h.schedule(.sessions(["1"]), in: 60)
        let recent = try await h.schedule(.sessions(["2"]), in: 3 * 3600)
        h.clock.disarm()
        await h.clock.step(to: Harness.start.addingTimeInterval(3 * 3600 + 600))

        let recovery = try await h.restart()

        #expect(recovery.missed == 1)
        #expect(try h.job(old.id).state == .missed)
        #expect(try h.job(recent.id).state == .completed)
        #expect(h.sessions.terminated == ["2"])
    }

    @Test func crashAfterFiringWasWrittenChoosesAndEndsTheSessionsOnce() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 60)
        await h.clock.step(to: Harness.start.addingTimeInterval(30))
        h.clock.disarm()
        await h.clock.step(to: Harness.start.addingTimeInterval(60))
        _ = try h.store.beginFiring([job.id], at: h.clock.now())  // then the crash

        let recovery = try await h.restart()

        #expect(recovery.resumed == 1)
        #expect(h.sessions.terminated == ["1", "2"])
        #expect(try h.job(job.id).state == .completed)
        #expect(try h.job(job.id).history.filter { $0.to == .firing }.count == 1)
    }

    @Test func crashAfterTheSessionsWereChosenEndsEachOfThemOnce() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 60)
        try await h.crashWhileFiring(job, chosen: ["1", "2"])
        h.sessions.open(.ssh("3", user: "alice"))  // after the choice: not this job's

        try await h.restart()

        #expect(h.sessions.terminated == ["1", "2"])
        #expect(try h.job(job.id).sessions.map(\.result) == [.terminated, .terminated])
    }

    @Test func crashAfterOneSessionWasEndedAndRecordedEndsOnlyTheRest() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 60)
        try await h.crashWhileFiring(job, chosen: ["1", "2"])
        _ = try await h.sessions.terminate(sessionID: "1")
        try h.store.recordOutcome(job.id, SessionOutcome(sessionID: "1", user: "alice", result: .terminated))

        try await h.restart()

        #expect(h.sessions.terminated == ["1", "2"])
        #expect(try h.job(job.id).sessions.map(\.result) == [.terminated, .terminated])
    }

    @Test func crashBetweenEndingASessionAndRecordingItNeverEndsItAgain() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        try await h.crashWhileFiring(job, chosen: ["1"])
        _ = try await h.sessions.terminate(sessionID: "1")  // ended, then the crash before recording
        h.sessions.open(.ssh("1", user: "alice", created: 999))  // after a reboot the id names a new session

        try await h.restart()

        #expect(h.sessions.terminated == ["1"])
        #expect(h.sessions.liveIDs == ["1"])
        #expect(try h.job(job.id).sessions.map(\.result) == [.gone])
        #expect(try h.job(job.id).state == .completed)
    }

    @Test func finishedJobsAreLeftAloneByARestart() async throws {
        var h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        await h.clock.advance(by: 60)
        h.sessions.open(.ssh("1", user: "alice", created: 5))

        let recovery = try await h.restart()

        #expect(recovery == Scheduler.Recovery())
        #expect(h.sessions.terminated == ["1"])
        #expect(try h.job(job.id).state == .completed)
    }

    @Test func jobDueWhileLogindIsUnreachableFiresWhenItIsBack() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        h.sessions.setUnreachable(true)

        await h.clock.advance(by: 60)
        #expect(try h.job(job.id).state == .firing)
        await h.clock.advance(by: 3)  // retries after 1 s and 2 s
        h.sessions.setUnreachable(false)
        await h.clock.advance(by: 4)

        #expect(h.sessions.terminated == ["1"])
        let finished = try h.job(job.id)
        #expect(finished.state == .completed)
        #expect(finished.firedAt == Harness.start.addingTimeInterval(60))
        #expect(finished.sessions.first?.at == Harness.start.addingTimeInterval(67))
    }
}
