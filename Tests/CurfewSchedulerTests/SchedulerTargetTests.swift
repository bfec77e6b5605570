import CurfewCore
import CurfewScheduler
import Foundation
import Testing

/// Which sessions a job ends, and which requests are refused up front.
@Suite struct SchedulerTargetTests {
    @Test func sessionOpenedAfterSchedulingIsNotTerminated() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        h.sessions.open(.ssh("2", user: "alice"))

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["1"])
        #expect(h.sessions.liveIDs == ["2"])
        #expect(try h.job(job.id).sessions.map(\.result) == [.terminated])
    }

    @Test func aReusedSessionIdIsNotTheSessionThatWasTargeted() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice", created: 100)])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        h.sessions.logout("1")
        h.sessions.open(.ssh("1", user: "alice", created: 200))

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated.isEmpty)
        #expect(try h.job(job.id).sessions.map(\.result) == [.gone])
        #expect(try h.job(job.id).state == .completed)
    }

    @Test func userTargetEndsEverySessionTheUserHasAtTheDueTime() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "bob")])
        defer { h.cleanUp() }
        _ = try await h.schedule(.user("alice", .none), in: 60)
        h.sessions.open(.ssh("3", user: "alice"))
        h.sessions.logout("1")

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["3"])
        #expect(h.sessions.liveIDs == ["2"])
    }

    @Test func filtersNarrowAUserTarget() async throws {
        let h = try await Harness(sessions: [
            .ssh("1", user: "alice", host: "10.0.0.5"), .ssh("2", user: "alice", host: "10.0.0.9"),
        ])
        defer { h.cleanUp() }
        _ = try await h.schedule(.user("alice", SessionFilter(remoteHost: "10.0.0.9", service: "sshd")), in: 60)

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["2"])
    }

    @Test func allTargetSkipsProtectedUsersAndSaysSo() async throws {
        let h = try await Harness(sessions: [
            .ssh("1", user: "alice"), .ssh("2", user: "root", uid: 0), .ssh("3", user: "breakglass", uid: 900),
        ]) { $0.protectedUsers = ["root", "breakglass"] }
        defer { h.cleanUp() }
        let job = try await h.schedule(.all(.none), in: 60)

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["1"])
        let results = try h.job(job.id).sessions.map { "\($0.sessionID):\($0.result.rawValue)" }
        #expect(results == ["1:terminated", "2:skipped-protected", "3:skipped-protected"])
    }

    @Test func protectedUsersAreRefusedAtScheduling() async throws {
        let h = try await Harness(sessions: [.ssh("7", user: "root", uid: 0)]) { $0.protectedUsers = ["root", "ops"] }
        defer { h.cleanUp() }

        for target in [TerminationRequest.TargetRequest.user("root", .none), .user("ops", .none), .sessions(["7"])] {
            let error = await #expect(throws: SchedulerError.self) { try await h.schedule(target, in: 60) }
            #expect(error?.code == .invalid)
            #expect(error?.message.contains("protected") == true)
        }
        #expect(try h.store.count(state: .scheduled) == 0)
    }

    @Test func unknownSessionIdIsRefusedAndNothingIsQueued() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }

        let error = await #expect(throws: SchedulerError.self) { try await h.schedule(.sessions(["1", "99"]), in: 60) }

        #expect(error?.message == "there is no session '99'; curfewctl sessions lists the current ones")
        #expect(try h.store.count(state: .scheduled) == 0)
    }

    @Test func pastDueTimeAndOverlongReasonAreRefused() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }

        await #expect(throws: SchedulerError.self) { try await h.schedule(.user("alice", .none), in: -60) }
        await #expect(throws: SchedulerError.self) {
            try await h.scheduler.schedule(
                TerminationRequest(
                    target: .user("alice", .none),
                    dueAt: Harness.start.addingTimeInterval(60),
                    reason: String(repeating: "x", count: 501),
                    caller: .daemon
                )
            )
        }
    }

    @Test func cancellingAFinishedJobIsAConflict() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let job = try await h.schedule(.sessions(["1"]), in: 60)
        await h.clock.advance(by: 60)

        let error = await #expect(throws: SchedulerError.self) { try await h.scheduler.cancel(job.id, by: .daemon) }
        #expect(error?.code == .conflict)
        let missing = await #expect(throws: SchedulerError.self) {
            try await h.scheduler.cancel(TerminationID(999), by: .daemon)
        }
        #expect(missing?.code == .notFound)
    }
}
