import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// A group target: checked against NSS at scheduling, its members looked up again at the due time.
@Suite struct SchedulerGroupTargetTests {
    @Test func theMembersAtTheDueTimeLoseTheirSessionsAndOthersKeepTheirs() async throws {
        let h = try await Harness(sessions: [
            .ssh("1", user: "alice", uid: 1001), .ssh("2", user: "bob", uid: 1002), .ssh("3", user: "carol", uid: 1003),
        ])
        defer { h.cleanUp() }
        h.users.setGroups("alice", ["alice", "students"])
        h.users.setGroups("bob", ["bob"])
        h.users.setGroups("carol", ["students"])  // carol's primary group
        let job = try await h.schedule(.group("students", .none), in: 60)
        #expect(job.target == .group("students", .none))
        #expect(job.target.summary == "group students")

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["1", "3"])
        #expect(h.sessions.liveIDs == ["2"])
        let done = try h.job(job.id)
        #expect(done.state == .completed)
        #expect(done.sessions.map { "\($0.user):\($0.result.rawValue)" } == ["alice:terminated", "carol:terminated"])
    }

    @Test func membershipIsReadAtTheDueTimeNotAtScheduling() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice", uid: 1001), .ssh("2", user: "bob", uid: 1002)])
        defer { h.cleanUp() }
        h.users.setGroups("alice", ["students"])
        h.users.setGroups("bob", ["bob"])
        let job = try await h.schedule(.group("students", .none), in: 60)
        // Between scheduling and the due time alice leaves the group, bob joins it and opens a second session.
        h.users.setGroups("alice", ["alice"])
        h.users.setGroups("bob", ["bob", "students"])
        h.sessions.open(.ssh("3", user: "bob", uid: 1002))

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["2", "3"])
        #expect(h.sessions.liveIDs == ["1"])
        #expect(try h.job(job.id).sessions.map(\.user) == ["bob", "bob"])
    }

    @Test func filtersNarrowAGroupTarget() async throws {
        let h = try await Harness(sessions: [
            .ssh("1", user: "alice", uid: 1001, host: "10.0.0.5"),
            .ssh("2", user: "alice", uid: 1001, host: "10.0.0.9"),
        ])
        defer { h.cleanUp() }
        h.users.setGroups("alice", ["students"])
        _ = try await h.schedule(.group("students", SessionFilter(remoteHost: "10.0.0.9")), in: 60)

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["2"])
    }

    @Test func protectedMembersAreSkippedAndSaid() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice", uid: 1001), .ssh("2", user: "ops", uid: 900)]) {
            $0.protectedUsers = ["root", "ops"]
        }
        defer { h.cleanUp() }
        h.users.setGroups("alice", ["staff"])
        h.users.setGroups("ops", ["staff"])
        let job = try await h.schedule(.group("staff", .none), in: 60)

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["1"])
        let results = try h.job(job.id).sessions.map { "\($0.sessionID):\($0.result.rawValue)" }
        #expect(results == ["1:terminated", "2:skipped-protected"])
    }

    @Test func aGroupWithNoMemberSessionAtTheDueTimeCompletesWithNoOutcomes() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "bob", uid: 1002)])
        defer { h.cleanUp() }
        h.users.addEmptyGroup("visitors")
        let job = try await h.schedule(.group("visitors", .none), in: 60)

        await h.clock.advance(by: 60)

        let done = try h.job(job.id)
        #expect(done.state == .completed)
        #expect(done.sessions.isEmpty)
        #expect(h.sessions.terminated.isEmpty)
    }

    @Test func onlyTheMembersSessionsAreWarned() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice", uid: 1001), .ssh("2", user: "bob", uid: 1002)])
        defer { h.cleanUp() }
        h.users.setGroups("alice", ["students"])
        _ = try await h.schedule(.group("students", .none), in: 600, notices: try NoticePlan(leads: [300]))

        await h.clock.advance(by: 600)

        #expect(h.notifier.kinds == ["scheduled", "step 300", "final"])
        #expect(h.notifier.all.allSatisfy { $0.sessions == ["1"] })
    }

    @Test func anUnknownGroupIsRefusedAtSchedulingNamingItAndWhatIsAccepted() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice", uid: 1001)])
        defer { h.cleanUp() }

        let error = await #expect(throws: SchedulerError.self) {
            try await h.schedule(.group("nosuchgroup", .none), in: 60)
        }
        #expect(error?.code == .invalid)
        #expect(error?.message.contains("group nosuchgroup is not known") == true)
        #expect(error?.message.contains("a Unix group known to NSS") == true)
        #expect(try h.store.terminations().isEmpty)
        let refusal = try #require(try h.store.auditEntries(actions: [.refused]).first)
        #expect(refusal.target == "group nosuchgroup")
    }

    @Test func aMalformedGroupNameIsRefused() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }

        for name in ["", "two words", "a/b", "x:y"] {
            let error = await #expect(throws: SchedulerError.self) { try await h.schedule(.group(name, .none), in: 60) }
            #expect(error?.message.contains("is not a group name") == true)
        }
    }

    @Test func eventsNameTheGroupAndTheEndedUsersJoinAtTheEnd() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice", uid: 1001)])
        defer { h.cleanUp() }
        h.users.setGroups("alice", ["students"])
        _ = try await h.schedule(.group("students", .none), in: 60)

        await h.clock.advance(by: 60)

        let events = try h.store.events(after: 0)
        #expect(events.first?.kind == .terminationScheduled)
        #expect(events.first?.details.target == "group students")
        #expect(events.last?.kind == .terminationCompleted)
        #expect(events.last?.summary == "termination 1 (group students) completed: 1 session")
        #expect(events.last?.users == ["alice"])
        let scheduled = try #require(try h.store.auditEntries(actions: [.scheduled]).first)
        #expect(scheduled.target == "group students")
    }
}
