import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// The login gate: holds after a termination, and the policies that would end a new session at once.
@Suite struct LoginGateTests {
    static let root = Caller(uid: 0, name: "root", pid: 42)

    static func query(_ user: String, from host: String? = "10.0.0.5", service: String = "sshd") throws -> GateQuery {
        try GateQuery(user: user, remoteHost: host, service: service)
    }

    static func endNow(_ h: Harness, _ user: String, hold: HoldSpec?) async throws -> Termination {
        try await h.scheduler.terminateNow(
            TerminationRequest(
                target: .user(user, .none),
                dueAt: h.clock.now(),
                reason: "offboarding",
                caller: root,
                hold: hold
            )
        )
    }

    @Test func aHoldKeepsTheUserOutUntilItEndsThenLetsThemIn() async throws {
        let h = try await Harness.with([], sessions: [.text("1", user: "alice", created: Harness.start)])
        defer { h.cleanUp() }
        let job = try await Self.endNow(h, "alice", hold: .duration(3600))
        #expect(job.state == .completed)
        #expect(job.hold == .duration(3600))

        let refused = try await h.scheduler.admit(Self.query("alice"), asker: Self.root)
        #expect(!refused.allowed)
        #expect(refused.rule == "hold")
        #expect(
            refused.message?.hasPrefix("Your sessions were ended by root (offboarding); you may log in again at")
                == true
        )
        #expect(try await h.scheduler.admit(Self.query("bob"), asker: Self.root).allowed)

        await h.clock.advance(by: 3601)
        #expect(try await h.scheduler.admit(Self.query("alice"), asker: Self.root).allowed)
    }

    @Test func everyRefusalIsAuditedAndPublishedWithUserServiceHostAndRule() async throws {
        let h = try await Harness.with([], sessions: [.text("1", user: "alice", created: Harness.start)])
        defer { h.cleanUp() }
        _ = try await Self.endNow(h, "alice", hold: .duration(600))
        _ = try await h.scheduler.admit(Self.query("alice", from: "192.0.2.7"), asker: Self.root)

        let audit = try #require(try h.store.auditEntries(actions: [.loginRefused]).first)
        #expect(audit.target == "user alice from 192.0.2.7 through sshd")
        #expect(audit.targetUser == "alice")
        #expect(audit.result == "refused by hold")
        let held = try h.store.auditEntries(actions: [.held])
        #expect(held.map(\.targetUser) == ["alice"])
        let event = try #require(try h.store.events(after: 0, types: [.loginRefused]).first)
        #expect(event.users == ["alice"])
        #expect(event.details.service == "sshd")
        #expect(event.details.remoteHost == "192.0.2.7")
        #expect(event.details.rule == "hold")
        #expect(try h.store.events(after: 0, types: [.holdPlaced]).count == 1)
    }

    @Test func liftingAHoldLetsTheUserInAndIsAudited() async throws {
        let h = try await Harness.with([], sessions: [.text("1", user: "alice", created: Harness.start)])
        defer { h.cleanUp() }
        _ = try await Self.endNow(h, "alice", hold: .until(h.at(86_400)))
        #expect(try h.store.activeHolds(at: h.clock.now()).map(\.user) == ["alice"])

        let lifted = try h.store.liftHolds(of: "alice", by: Self.root, at: h.clock.now())
        #expect(lifted.count == 1)
        #expect(try await h.scheduler.admit(Self.query("alice"), asker: Self.root).allowed)
        #expect(try h.store.activeHolds(at: h.clock.now()).isEmpty)
        #expect(try h.store.liftHolds(of: "alice", by: Self.root, at: h.clock.now()).isEmpty)
        let entry = try #require(try h.store.auditEntries(actions: [.holdLifted]).first)
        #expect(entry.actor.name == "root")
        #expect(entry.targetUser == "alice")
    }

    @Test func aDryRunHoldsNobody() async throws {
        let h = try await Harness.with([], sessions: [.text("1", user: "alice", created: Harness.start)])
        defer { h.cleanUp() }
        _ = try await h.scheduler.schedule(
            TerminationRequest(
                target: .user("alice", .none),
                dueAt: h.at(60),
                reason: "rehearsal",
                notices: NoticePlan.none,
                caller: Self.root,
                dryRun: true,
                hold: .duration(3600)
            )
        )
        await h.clock.advance(by: 61)
        #expect(try await h.scheduler.admit(Self.query("alice"), asker: Self.root).allowed)
    }

    @Test func aHoldInThePastOrBeforeTheDueTimeOrOfNoLengthIsRefusedWithTheReason() async throws {
        let h = try await Harness.with([], sessions: [.text("1", user: "alice", created: Harness.start)])
        defer { h.cleanUp() }
        for (hold, words) in [
            (HoldSpec.until(h.at(-60)), "is in the past"),
            (.until(h.at(30)), "is not after the due time"),
            (.duration(0), "give a positive duration"),
            (.duration(-5), "give a positive duration"),
        ] {
            await #expect {
                try await h.scheduler.schedule(
                    TerminationRequest(
                        target: .user("alice", .none),
                        dueAt: h.at(60),
                        reason: "",
                        caller: Self.root,
                        hold: hold
                    )
                )
            } throws: { error in
                (error as? SchedulerError)?.code == .invalid
                    && (error as? SchedulerError)?.message.contains(words) == true
            }
        }
    }

    @Test func aPolicyWithHoldKeepsTheUserOutAfterItEndsTheirSession() async throws {
        let h = try await Harness.with(
            [Policy(name: "day", kind: .lifetime(LifetimeRule(max: 3600)), notices: NoticePlan.none, hold: 1800)],
            sessions: [.text("1", user: "alice", created: Harness.start)]
        )
        defer { h.cleanUp() }
        await h.clock.advance(by: 3601)
        #expect(h.sessions.terminated == ["1"])
        let answer = try await h.scheduler.admit(Self.query("alice"), asker: Self.root)
        #expect(answer.rule == "hold")
        #expect(answer.message?.contains("policy day") == true)
    }

    @Test func closedHoursRefuseWithTheWindowAndTheNextOpening() async throws {
        // Harness.start is Monday 2026-09-21 14:13:20 UTC, 16:13 in Berlin.
        let hours = try AllowedHours(ranges: ["Mon-Fri 08:00-12:00"], zone: TimeZone(identifier: "Europe/Berlin")!)
        var scope = PolicyScope()
        scope.users = ["alice"]
        let h = try await Harness.with([Policy(name: "lab-hours", kind: .hours(hours), scope: scope)], sessions: [])
        defer { h.cleanUp() }
        let answer = try await h.scheduler.admit(Self.query("alice"), asker: Self.root)
        #expect(
            answer.message
                == "Logins for alice are allowed Mon-Fri 08:00-12:00 (Europe/Berlin); next at 08:00 tomorrow (policy lab-hours)."
        )
        #expect(answer.rule == "policy lab-hours")
        #expect(try await h.scheduler.admit(Self.query("bob"), asker: Self.root).allowed)
        await h.clock.advance(to: h.at(18 * 3600))  // Tuesday 10:13 in Berlin
        #expect(try await h.scheduler.admit(Self.query("alice"), asker: Self.root).allowed)
        // Saturday 10:13: days past the intervals the gate worked out on Monday, so it works them out again.
        await h.clock.advance(to: h.at(4 * 86_400 + 18 * 3600))
        let saturday = try await h.scheduler.admit(Self.query("alice"), asker: Self.root)
        #expect(saturday.message?.contains("next at 08:00 on Mon 2026-09-28") == true, "\(saturday)")
    }

    @Test func aSessionLimitEndingTheNewestRefusesAtTheLimitOneEndingTheOldestLetsIn() async throws {
        let two: [Session] = [
            .text("1", user: "alice", created: Harness.start.addingTimeInterval(-300)),
            .text("2", user: "alice", created: Harness.start.addingTimeInterval(-200)),
        ]
        for (end, allowed) in [(SessionLimitRule.End.newest, false), (.oldest, true)] {
            let h = try await Harness.with(
                [Policy(name: "two", kind: .maxSessions(SessionLimitRule(limit: 2, end: end)))],
                sessions: two
            )
            defer { h.cleanUp() }
            let answer = try await h.scheduler.admit(Self.query("alice"), asker: Self.root)
            #expect(answer.allowed == allowed, "end \(end.rawValue)")
            if !allowed { #expect(answer.message == "You have 2 sessions, the most allowed (policy two).") }
            #expect(try await h.scheduler.admit(Self.query("bob"), asker: Self.root).allowed)
        }
    }

    @Test func protectedUsersAndDryRunPoliciesAreNeverRefused() async throws {
        let hours = try AllowedHours(ranges: ["Sat 08:00-09:00"], zone: TimeZone(identifier: "UTC")!)
        let h = try await Harness.with(
            [
                Policy(name: "closed", kind: .hours(hours)),
                Policy(name: "rehearsal", kind: .maxSessions(SessionLimitRule(limit: 1)), dryRun: true),
            ],
            sessions: [],
            configure: { $0.protectedUsers = ["ops"] }
        )
        defer { h.cleanUp() }
        #expect(try await h.scheduler.admit(Self.query("root"), asker: Self.root).allowed)
        #expect(try await h.scheduler.admit(Self.query("ops"), asker: Self.root).allowed)
        #expect(!(try await h.scheduler.admit(Self.query("alice"), asker: Self.root).allowed))
    }

    @Test func theNextLoginIsToldOnceWhichSessionsCurfewEndedWhereAndWhy() async throws {
        let h = try await Harness.with([], sessions: [.text("7", user: "alice", created: Harness.start)])
        defer { h.cleanUp() }
        _ = try await Self.endNow(h, "alice", hold: nil)
        let since = h.at(-86_400)
        let told = try h.store.takeUntoldEnds(of: "alice", since: since, at: h.clock.now())
        #expect(told.map(\.sessionID) == ["7"])
        #expect(told.first?.tty == "pts/7")
        #expect(told.first?.remoteHost == "10.0.0.5")
        let text = try #require(told.first).message(
            host: "lab",
            contact: "the help desk",
            zone: TimeZone(identifier: "UTC")!
        )
        #expect(
            text
                == "Your session on lab (pts/7, from 10.0.0.5) was ended at 2026-09-21 14:13 +00:00 by root: offboarding. Contact: the help desk."
        )
        #expect(try h.store.takeUntoldEnds(of: "alice", since: since, at: h.clock.now()).isEmpty)
        #expect(try h.store.endedSessions(of: "alice", since: since).map(\.sessionID) == ["7"])
    }
}
