import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// idle: the terminal's times are read when a deadline or notice step comes; activity cancels.
@Suite struct IdlePolicyTests {
    static let policy = Policy(
        name: "office-idle",
        kind: .idle(IdleRule(limit: 3600)),
        notices: try! NoticePlan(parsing: "5m,1m")
    )

    /// alice's session 1, idle since 30 minutes before the start.
    static func idleHarness(_ policy: Policy = policy) async throws -> Harness {
        try await Harness.with(
            [policy],
            sessions: [.text("1", user: "alice", created: Harness.start.addingTimeInterval(-7200))],
            prepare: { $0.terminals.set("pts/1", input: Harness.start.addingTimeInterval(-1800)) }
        )
    }

    @Test func anIdleSessionEndsAtItsLimitWarned() async throws {
        let h = try await Self.idleHarness()
        defer { h.cleanUp() }
        #expect(h.clock.deadline == h.at(1800 - 300))

        await h.clock.advance(by: 1800)

        #expect(h.notifier.kinds == ["scheduled", "step 60", "final"])
        #expect(h.sessions.terminated == ["1"])
        let job = try #require(try h.jobs().first)
        #expect(job.caller.name == "policy office-idle")
        #expect(job.dueAt == h.at(1800))
    }

    @Test func typingBeforeTheEndCancelsThePendingTerminationAsActivity() async throws {
        let h = try await Self.idleHarness()
        defer { h.cleanUp() }
        await h.clock.advance(by: 1500 + 30)
        #expect(h.notifier.kinds == ["scheduled"])

        h.terminals.set("pts/1", input: h.clock.now())  // the user types
        await h.clock.advance(to: h.at(1800 + 10))

        #expect(h.sessions.terminated.isEmpty)
        let job = try #require(try h.jobs().first)
        #expect(job.state == .cancelled)
        #expect(job.history.last?.note?.hasSuffix(": activity") == true)
        #expect(h.notifier.kinds == ["scheduled", "cancelled"])
        let events = try h.store.events(after: 0, types: [.terminationCancelled])
        #expect(events.first?.summary.contains("cancelled by policy office-idle (activity)") == true)
        // The limit counts again from the keys typed.
        #expect(h.clock.deadline == h.at(1530 + 3600 - 300))
    }

    @Test func outputCountsAsActivityByDefaultButCurfewsOwnNoticesDoNot() async throws {
        let h = try await Self.idleHarness()
        defer { h.cleanUp() }
        await h.clock.advance(by: 1500)
        // The scheduled notice written to the terminal moved its modification time.
        h.terminals.set("pts/1", input: h.at(-1800), output: h.at(1500 + 2))
        await h.clock.advance(by: 300)
        #expect(h.sessions.terminated == ["1"])
    }

    @Test func outputByTheUsersProgramsKeepsTheSessionUnlessOnlyInputCounts() async throws {
        for (activity, ended) in [(IdleRule.Activity.inputOrOutput, false), (.input, true)] {
            var policy = Self.policy
            policy.kind = .idle(IdleRule(limit: 3600, activity: activity))
            let h = try await Self.idleHarness(policy)
            defer { h.cleanUp() }
            await h.clock.advance(by: 1500)
            h.terminals.set("pts/1", input: h.at(-1800), output: h.at(1600))  // a build log scrolling
            await h.clock.advance(by: 300)
            #expect(h.sessions.terminated == (ended ? ["1"] : []), "activity \(activity.rawValue)")
        }
    }

    @Test func sessionsWithNeitherATerminalNorAnIdleHintAreNeverIdleEnded() async throws {
        var session = Session.text("1", user: "alice", created: Harness.start.addingTimeInterval(-7200))
        session.tty = nil
        let h = try await Harness.with([Self.policy], sessions: [session])
        defer { h.cleanUp() }
        await h.clock.advance(by: 86_400)
        #expect(try h.jobs().isEmpty)
        let report = try #require(await h.scheduler.policyReports().first)
        #expect(report.exempt["1"]?.contains("never idle-ended") == true)
    }

    @Test func graphicalSessionsGoByLogindsIdleHint() async throws {
        var session = Session.text("1", user: "alice", created: Harness.start.addingTimeInterval(-7200))
        session.tty = nil
        session.type = "wayland"
        let h = try await Harness.with([Self.policy], sessions: [session])
        defer { h.cleanUp() }
        await h.clock.advance(by: 600)
        #expect(try h.jobs().isEmpty)

        session.idleHint = true
        session.idleSince = h.clock.now()
        await h.scheduler.sessionsChanged(.updated(session))
        #expect(h.clock.deadline == h.at(600 + 3600 - 300))
        await h.clock.advance(by: 3600)
        #expect(h.sessions.terminated == ["1"])
    }
}
