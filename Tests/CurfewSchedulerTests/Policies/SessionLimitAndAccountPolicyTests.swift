import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// max_sessions and account: sessions end as soon as the rule is broken, after their notices.
@Suite struct SessionLimitAndAccountPolicyTests {
    static let three: [Session] = [
        .text("1", user: "alice", created: Harness.start.addingTimeInterval(-300)),
        .text("2", user: "alice", created: Harness.start.addingTimeInterval(-200)),
        .text("3", user: "alice", created: Harness.start.addingTimeInterval(-100)),
        .text("4", user: "bob", uid: 1001, created: Harness.start.addingTimeInterval(-100)),
    ]

    @Test func theSurplusOverTheSessionLimitEndsNewestOrOldest() async throws {
        for (end, ended) in [(SessionLimitRule.End.newest, "3"), (.oldest, "1")] {
            let h = try await Harness.with(
                [Policy(name: "two", kind: .maxSessions(SessionLimitRule(limit: 2, end: end)))],
                sessions: Self.three
            )
            defer { h.cleanUp() }
            await h.clock.advance(by: 900)
            #expect(h.sessions.terminated == [ended], "end \(end.rawValue)")
            #expect(try h.jobs().count == 1)
        }
    }

    /// Two sessions under a limit of two, and a third announced by logind before its terminal.
    static func thirdLoginWithoutATerminalYet() async throws -> (Harness, Session) {
        let h = try await Harness.with(
            [Policy(name: "two", kind: .maxSessions(SessionLimitRule(limit: 2)))],
            sessions: Array(Self.three.prefix(2))
        )
        var third = Session.text("3", user: "alice", created: h.clock.now())
        third.tty = nil
        h.sessions.open(third)
        await h.scheduler.sessionsChanged(.updated(third))
        return (h, third)
    }

    /// sshd's sessions reach logind before their terminal does: a login over the limit is judged once its terminal
    /// is known, so that its first notice reaches it.
    @Test func aNewSessionIsJudgedOnceLogindHasGivenItsTerminal() async throws {
        var (h, third) = try await Self.thirdLoginWithoutATerminalYet()
        defer { h.cleanUp() }
        #expect(try h.jobs().isEmpty, "not judged while logind may still fill in its terminal")

        await h.clock.advance(by: 0.3)
        third.tty = "pts/3"
        h.sessions.logout("3")
        h.sessions.open(third)
        await h.scheduler.sessionsChanged(.updated(third))

        #expect(try h.jobs().count == 1)
        #expect(h.notifier.all.first?.kind == "scheduled")
        #expect(h.notifier.all.first?.ttys == ["pts/3"])
    }

    @Test func aNewSessionThatNeverGetsATerminalIsJudgedOnceSettled() async throws {
        let (h, _) = try await Self.thirdLoginWithoutATerminalYet()
        defer { h.cleanUp() }
        #expect(try h.jobs().isEmpty)

        await h.clock.advance(by: Session.settleTime)

        #expect(try h.jobs().count == 1)
        #expect(h.notifier.all.first?.sessions == ["3"])
    }

    @Test func aLogoutThatBringsTheUserWithinTheLimitCancelsThePendingEnd() async throws {
        let h = try await Harness.with(
            [Policy(name: "two", kind: .maxSessions(SessionLimitRule(limit: 2)))],
            sessions: Self.three
        )
        defer { h.cleanUp() }
        h.sessions.logout("1")
        await h.scheduler.sessionsChanged(.closed(id: "1"))
        await h.clock.advance(by: 900)
        #expect(h.sessions.terminated.isEmpty)
        let job = try #require(try h.jobs().first)
        #expect(job.state == .cancelled)
        #expect(job.history.last?.note?.contains("within the session limit") == true)
    }

    @Test func aLockedAccountLosesItsSessionsAndUnlockingInTimeCancels() async throws {
        let h = try await Harness.with(
            [Policy(name: "disabled", kind: .account(AccountRule()))],
            sessions: Self.three
        )
        defer { h.cleanUp() }
        #expect(try h.jobs().isEmpty)

        h.users.setStanding("alice", AccountStanding(locked: true))
        await h.scheduler.accountsChanged()
        #expect(try h.jobs().count == 3)
        #expect(try h.jobs().allSatisfy { $0.reason == "the account is locked (policy disabled)" })
        await h.clock.advance(by: 900)
        #expect(Set(h.sessions.terminated) == ["1", "2", "3"])

        h.users.setStanding("bob", AccountStanding(deleted: true))
        await h.scheduler.accountsChanged()
        h.users.setStanding("bob", AccountStanding())
        await h.scheduler.accountsChanged()
        await h.clock.advance(by: 900)
        #expect(!h.sessions.terminated.contains("4"))
        #expect(try h.jobs().last?.state == .cancelled)
    }

    @Test func anExpiryDateToComeIsADeadline() async throws {
        let h = try await Harness.with(
            [Policy(name: "disabled", kind: .account(AccountRule(recheck: nil)))],
            sessions: [Self.three[3]],
            prepare: { $0.users.setStanding("bob", AccountStanding(expiresAt: Harness.start.addingTimeInterval(7200))) }
        )
        defer { h.cleanUp() }
        #expect(h.clock.deadline == h.at(7200 - 900))
        await h.clock.advance(by: 7200)
        #expect(h.sessions.terminated == ["4"])
    }

    @Test func directoryUsersAreLookedUpAgainAtEachRecheck() async throws {
        let h = try await Harness.with(
            [Policy(name: "disabled", kind: .account(AccountRule(recheck: 300)))],
            sessions: [Self.three[3]]
        )
        defer { h.cleanUp() }
        #expect(h.clock.deadline == h.at(300))
        h.users.setStanding("bob", AccountStanding(locked: true))  // in LDAP: no file changes
        await h.clock.advance(by: 300)
        #expect(try h.jobs().count == 1)
    }
}
