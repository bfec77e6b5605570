import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

/// Reloads, restarts, scope, dry run and ip_spread.
@Suite struct PolicyLifecycleTests {
    static let old = Harness.start.addingTimeInterval(-86_400)
    static let lifetime = Policy(name: "day", kind: .lifetime(LifetimeRule(max: 3600)))

    @Test func aReloadThatRemovesAPolicyCancelsItsPendingTerminations() async throws {
        let h = try await Harness.with([Self.lifetime], sessions: [.text("1", user: "alice", created: Self.old)])
        defer { h.cleanUp() }
        #expect(try h.jobs().first?.state == .scheduled)

        var config = h.settings.current
        config.policies = []
        h.settings.reload(config)
        await h.scheduler.reloadPolicies()
        await h.clock.advance(by: 3600)

        let job = try #require(try h.jobs().first)
        #expect(job.state == .cancelled)
        #expect(job.history.last?.note == "by policy day: policy day removed")
        #expect(h.sessions.terminated.isEmpty)
    }

    @Test func aRestartTakesUpThePoliciesTerminationsWithoutQueueingThemTwice() async throws {
        let session = Session.text("1", user: "alice", created: Self.old)
        var h = try await Harness.with([Self.lifetime], sessions: [session])
        defer { h.cleanUp() }
        try await h.restart()
        await h.scheduler.sessionsChanged(.listed([session]))
        await h.clock.advance(by: 900)
        #expect(try h.jobs().count == 1)
        #expect(h.sessions.terminated == ["1"])
    }

    @Test func scopeTakesGroupsAndExceptions() async throws {
        var policy = Self.lifetime
        policy.scope.groups = ["students"]
        policy.scope.exceptUsers = ["carol"]
        let h = try await Harness.with(
            [policy],
            sessions: [
                .text("1", user: "alice", created: Self.old), .text("2", user: "bob", uid: 1001, created: Self.old),
                .text("3", user: "carol", uid: 1002, created: Self.old),
            ],
            prepare: { h in
                h.users.setGroups("alice", ["alice", "students"])
                h.users.setGroups("carol", ["carol", "students"])
            }
        )
        defer { h.cleanUp() }
        await h.clock.advance(by: 900)
        #expect(h.sessions.terminated == ["1"])
    }

    @Test func aDryRunPolicyRecordsOnceAndEndsNothing() async throws {
        var policy = Self.lifetime
        policy.dryRun = true
        let h = try await Harness.with([policy], sessions: [.text("1", user: "alice", created: Self.old)])
        defer { h.cleanUp() }
        await h.clock.advance(by: 7200)
        #expect(h.sessions.terminated.isEmpty)
        let jobs = try h.jobs()
        #expect(jobs.count == 1)
        #expect(jobs.first?.sessions.map(\.result) == [.dryRun])
    }

    @Test func sessionsFromManyAddressesRaiseOneAlarmAndMayEndThem() async throws {
        let sessions = (1...4).map {
            Session.text("\($0)", user: "alice", created: Harness.start, host: "127.0.0.\($0)")
        }
        for action in [IPSpreadRule.Action.alarm, .terminate] {
            let policy = Policy(
                name: "spread",
                kind: .ipSpread(IPSpreadRule(distinct: 4, within: 3600, action: action))
            )
            let h = try await Harness.with([policy], sessions: Array(sessions.prefix(3)))
            defer { h.cleanUp() }
            #expect(try h.store.events(after: 0, types: [.alarmIPSpread]).isEmpty)
            h.sessions.open(sessions[3])
            await h.scheduler.sessionsChanged(.updated(sessions[3]))
            await h.scheduler.sessionsChanged(.updated(sessions[3]))

            let alarms = try h.store.events(after: 0, types: [.alarmIPSpread])
            #expect(alarms.count == 1)
            #expect(alarms.first?.details.addresses == ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"])
            #expect(try h.store.auditEntries(actions: [.alarm]).count == 1)
            #expect(try h.jobs().count == (action == .terminate ? 4 : 0))
        }
    }
}
