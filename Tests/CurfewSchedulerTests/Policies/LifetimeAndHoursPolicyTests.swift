import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// lifetime and hours: deadlines known in advance, in the scheduler's one alarm.
@Suite struct LifetimeAndHoursPolicyTests {
    @Test func lifetimeEndsASessionMaxAfterItsLoginWarnedLikeAnyTermination() async throws {
        let login = Harness.start.addingTimeInterval(-600)
        let h = try await Harness.with(
            [Policy(name: "day", kind: .lifetime(LifetimeRule(max: 3600)))],
            sessions: [.text("1", user: "alice", created: login)]
        )
        defer { h.cleanUp() }
        // Nothing queued yet: the policy's deadline (the first notice step) is the alarm.
        #expect(try h.jobs().isEmpty)
        #expect(h.clock.deadline == login.addingTimeInterval(3600 - 900))

        await h.clock.advance(to: login.addingTimeInterval(3600))

        let job = try #require(try h.jobs().first)
        #expect(job.caller.name == "policy day")
        #expect(job.dueAt == login.addingTimeInterval(3600))
        #expect(job.state == .completed)
        #expect(job.reason == "sessions last at most 1h (policy day)")
        #expect(h.notifier.kinds == ["scheduled", "step 300", "step 60", "final"])
        #expect(h.sessions.terminated == ["1"])
        let audit = try h.store.auditEntries(actor: "policy day")
        #expect(audit.map(\.action).contains(.scheduled))
    }

    @Test func aSessionPastItsLifetimeAtStartEndsAfterItsNoticesFromNow() async throws {
        let h = try await Harness.with(
            [Policy(name: "day", kind: .lifetime(LifetimeRule(max: 3600)), notices: try NoticePlan(parsing: "5m"))],
            sessions: [.text("1", user: "alice", created: Harness.start.addingTimeInterval(-86_400))]
        )
        defer { h.cleanUp() }
        let job = try #require(try h.jobs().first)
        #expect(job.dueAt == h.at(300))
        await h.clock.advance(by: 300)
        #expect(h.sessions.terminated == ["1"])
    }

    @Test func protectedUsersAreNeverEndedByAPolicy() async throws {
        let old = Harness.start.addingTimeInterval(-86_400)
        let h = try await Harness.with(
            [Policy(name: "day", kind: .lifetime(LifetimeRule(max: 3600)))],
            sessions: [.text("1", user: "root", uid: 0, created: old), .text("2", user: "ops", created: old)],
            configure: { $0.protectedUsers = ["ops"] }
        )
        defer { h.cleanUp() }
        await h.clock.advance(by: 7200)
        #expect(try h.jobs().isEmpty)
        #expect(h.sessions.terminated.isEmpty)
    }

    @Test func hoursEndSessionsWhenTheAllowedTimeCloses() async throws {
        // Harness.start is Monday 2026-09-21 14:13:20 UTC.
        let hours = try AllowedHours(ranges: ["Mon-Fri 08:00-22:00"], zone: TimeZone(identifier: "UTC")!)
        let h = try await Harness.with(
            [Policy(name: "lab-hours", kind: .hours(hours))],
            sessions: [.text("1", user: "alice", created: Harness.start)]
        )
        defer { h.cleanUp() }
        let close = try #require(ISO8601DateFormatter().date(from: "2026-09-21T22:00:00Z"))
        #expect(h.clock.deadline == close.addingTimeInterval(-900))
        let outlook = await h.scheduler.policyOutlook(for: ["1"])
        #expect(outlook["1"] == PolicyOutlook(policy: "lab-hours", what: "hours close", at: close, dryRun: false))

        await h.clock.advance(to: close)

        #expect(h.sessions.terminated == ["1"])
        #expect(h.notifier.all.last?.at == close)
    }

    @Test func anAlarmAFewMillisecondsLateDoesNotMoveTheEnd() async throws {
        let hours = try AllowedHours(ranges: ["Mon-Fri 08:00-22:00"], zone: TimeZone(identifier: "UTC")!)
        let h = try await Harness.with(
            [Policy(name: "lab-hours", kind: .hours(hours))],
            sessions: [.text("1", user: "alice", created: Harness.start)]
        )
        defer { h.cleanUp() }
        let close = try #require(ISO8601DateFormatter().date(from: "2026-09-21T22:00:00Z"))

        // The timer for "queue it 15 minutes before the close" goes off 7 ms after its time, as a real one may.
        await h.clock.step(to: close.addingTimeInterval(-900 + 0.007))

        #expect(try h.jobs().map(\.dueAt) == [close])
    }

    @Test func aSessionFoundOutsideTheAllowedTimeEndsAfterItsNotices() async throws {
        let hours = try AllowedHours(ranges: ["Mon-Fri 08:00-12:00"], zone: TimeZone(identifier: "UTC")!)
        let h = try await Harness.with(
            [Policy(name: "mornings", kind: .hours(hours), notices: try NoticePlan(parsing: "2m,1m"))],
            sessions: [.text("1", user: "alice", created: Harness.start)]
        )
        defer { h.cleanUp() }
        #expect(try h.jobs().first?.dueAt == h.at(120))
        await h.clock.advance(by: 120)
        #expect(h.notifier.kinds == ["scheduled", "step 60", "final"])
        #expect(h.sessions.terminated == ["1"])
    }

    @Test func hoursClosingInADaylightSavingGapCloseWhenTheClocksJump() async throws {
        // Berlin, Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that night.
        let start = try #require(ISO8601DateFormatter().date(from: "2026-03-28T12:00:00Z"))
        let hours = try AllowedHours(ranges: ["Sat 08:00-02:30"], zone: TimeZone(identifier: "Europe/Berlin")!)
        let h = try await Harness.with(
            [Policy(name: "weekend", kind: .hours(hours))],
            sessions: [.text("1", user: "alice", created: start)],
            start: start
        )
        defer { h.cleanUp() }
        let jump = try #require(ISO8601DateFormatter().date(from: "2026-03-29T01:00:00Z"))
        #expect(h.clock.deadline == jump.addingTimeInterval(-900))
        await h.clock.advance(to: jump)
        #expect(try h.jobs().first?.dueAt == jump)
        #expect(h.sessions.terminated == ["1"])
    }
}
