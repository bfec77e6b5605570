import CurfewCore
import Foundation
import Testing

@testable import CurfewFleet

/// Hosts sharing one real PostgreSQL (scripts/with-postgres starts it; without it these are skipped and say so).
@Suite(.enabled(if: TestPostgres.available, "needs CURFEW_TEST_POSTGRES: run under scripts/with-postgres"))
struct FleetDatabaseTests {
    @Test func aJobForALabelIsArmedOnEveryHostWithItAndNoOtherAndCancelReachesThem() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin-01")
        let lab1 = try await FleetMember(fleet, id: "lab-01", labels: ["students"])
        let lab2 = try await FleetMember(fleet, id: "lab-02", labels: ["students", "lab"])
        try await connected(admin, lab1, lab2)

        let job = try await admin.agent.schedule(fleetRequest(label: "students"))
        try await eventually("armed on lab-01 and lab-02") {
            try lab1.localJob(for: job)?.state == .scheduled && lab2.localJob(for: job)?.state == .scheduled
        }
        try await eventually("both hosts reported armed") {
            let standing = try await admin.agent.job(job.id)
            return standing.waiting.isEmpty && standing.reports.map(\.state) == [.armed, .armed]
        }
        #expect(try admin.localJob(for: job) == nil)
        #expect(try admin.host.store.count() == 0)
        let hosts = try await admin.agent.hosts()
        #expect(hosts.map(\.id) == ["admin-01", "lab-01", "lab-02"])
        #expect(hosts.first { $0.id == "lab-01" }?.pending == 1)
        #expect(hosts.allSatisfy { ($0.clockOffset.map(abs) ?? 99) < 1 })

        _ = try await lab1.agent.cancel(job.id, by: FleetHostHarness.admin)
        try await eventually("cancelled on both hosts") {
            try lab1.localJob(for: job)?.state == .cancelled && lab2.localJob(for: job)?.state == .cancelled
        }
        try await eventually("both hosts reported cancelled") {
            try await admin.agent.job(job.id).reports.map(\.state) == [.cancelled, .cancelled]
        }
        #expect(try await admin.agent.job(job.id).rollup.state == .cancelled)
        await expectRefusal(.conflict, "cancelled") { _ = try await admin.agent.cancel(job.id, by: .daemon) }
        for member in [admin, lab1, lab2] { await member.stop() }
    }

    @Test func aRescheduleMovesEachHostsLocalJob() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let one = try await FleetMember(fleet, id: "one")
        let two = try await FleetMember(fleet, id: "two")
        try await connected(one, two)
        let job = try await one.agent.schedule(fleetRequest(hosts: ["two"]))
        try await eventually("armed on two") { try two.localJob(for: job) != nil }
        let later = job.dueAt.addingTimeInterval(1_800)
        _ = try await one.agent.reschedule(job.id, to: later, by: FleetHostHarness.admin)
        try await eventually("moved on two") {
            abs(try #require(try two.localJob(for: job)).dueAt.timeIntervalSince(later)) < 0.01
        }
        #expect(try one.localJob(for: job) == nil)
        await one.stop()
        await two.stop()
    }

    @Test func unknownLabelsAndHostsAreRefusedNamingWhatExists() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let one = try await FleetMember(fleet, id: "one", labels: ["web"])
        try await connected(one)
        await expectRefusal(.invalid, "no host has the label 'students'; labels in use: web") {
            _ = try await one.agent.schedule(fleetRequest(label: "students"))
        }
        await expectRefusal(.invalid, "unknown hosts: nowhere") {
            _ = try await one.agent.schedule(fleetRequest(hosts: ["one", "nowhere"]))
        }
        await expectRefusal(.invalid, "protected") { _ = try await one.agent.schedule(fleetRequest(user: "root")) }
        await one.stop()
    }

    @Test func aSecondHostWithTheSameIdIsRefusedNamingBoth() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let first = try await FleetMember(fleet, id: "cloned", hostname: "web-a")
        try await connected(first)
        let second = try await FleetMember(fleet, id: "cloned", hostname: "web-b")
        try await eventually("the second refused") { await second.agent.status().connection == .refused }
        let error = await second.agent.status().lastError ?? ""
        #expect(error.contains("web-a") && error.contains("web-b"))
        #expect(await first.agent.status().connection == .connected)
        await first.stop()
        await second.stop()
    }

    @Test func aHostThatWasStoppedArmsWhatItMissedWhenItReturns() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        let away = try await FleetMember(fleet, id: "away")
        try await connected(admin, away)
        await away.stop()
        let job = try await admin.agent.schedule(fleetRequest())
        #expect(try away.localJob(for: job) == nil)
        let back = try await FleetMember(
            fleet,
            id: "away",
            host: away.host,
            instance: away.agent.identity.instance
        )
        try await eventually("armed after returning") { try back.localJob(for: job)?.state == .scheduled }
        await admin.stop()
        await back.stop()
    }

    @Test func aDroppedConnectionIsReopenedAndWhatWasWrittenMeanwhileIsArmed() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        let host = try await FleetMember(fleet, id: "host")
        try await connected(admin, host)
        #expect(try await TestPostgres.connections(to: fleet.database) == 2)
        let before = await host.agent.status().since
        try await TestPostgres.dropConnections(to: fleet.database)
        try await eventually("both reconnected") {
            let status = await host.agent.status()
            let adminStatus = await admin.agent.status()
            return status.connection == .connected && status.since > before && adminStatus.connection == .connected
        }
        let job = try await admin.agent.schedule(fleetRequest())
        try await eventually("armed after the reconnect") { try host.localJob(for: job) != nil }
        // The stream and webhooks heard of the cut and of the return.
        let events = try host.host.store.events(after: 0, types: [.fleetConnected, .fleetUnreachable])
        #expect(events.map(\.kind).prefix(3) == [.fleetConnected, .fleetUnreachable, .fleetConnected])
        await admin.stop()
        await host.stop()
    }

    @Test func anUnreachableDatabaseAtStartIsStatusNotAFailure() async throws {
        var fleet = try await TestPostgres.freshDatabase()
        fleet.port = 1  // nothing listens there
        let member = try await FleetMember(fleet, id: "lonely")
        try await eventually("status says unreachable") { await member.agent.status().connection == .unreachable }
        #expect(await member.agent.status().lastError?.isEmpty == false)
        // Each attempt to reconnect fails the same way: the stream and webhooks hear of it once.
        try await eventually("three attempts") { await member.agent.attempts >= 3 }
        #expect(await member.agent.status().connection == .unreachable)
        #expect(try member.host.store.events(after: 0, types: [.fleetUnreachable]).count == 1)
        await expectRefusal(.unavailable, "not reachable") { _ = try await member.agent.hosts() }
        // Single-host work goes on.
        _ = try await member.host.scheduler.schedule(
            .init(
                target: .user("alice", SessionFilter()),
                dueAt: Date().addingTimeInterval(60),
                reason: "local",
                caller: FleetHostHarness.admin
            )
        )
        await member.stop()
    }

    @Test func aHostOnTheServersUnixSocketJoinsTheSameFleetAsOneOnTCP() async throws {
        let tcp = try await TestPostgres.freshDatabase()
        var socket = tcp
        socket.host = try #require(
            TestPostgres.socketDirectory,
            "CURFEW_TEST_POSTGRES_DIR: run under scripts/with-postgres"
        )
        #expect(socket.unixSocketPath == "\(socket.host)/.s.PGSQL.\(tcp.port)")
        let admin = try await FleetMember(tcp, id: "admin-01")
        let local = try await FleetMember(socket, id: "db-host", labels: ["local"])
        try await connected(admin, local)
        let job = try await admin.agent.schedule(fleetRequest(label: "local"))
        try await eventually("armed on the host on the socket") { try local.localJob(for: job)?.state == .scheduled }

        var missing = socket
        missing.host = "/nonexistent"
        let lonely = try await FleetMember(missing, id: "lonely")
        try await eventually("status says unreachable") { await lonely.agent.status().connection == .unreachable }
        #expect(await lonely.agent.status().lastError?.contains("/nonexistent/.s.PGSQL.") == true)
        for member in [admin, local, lonely] { await member.stop() }
    }

    @Test func outcomesOfAFiredJobAreReportedBack() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        let host = try await FleetMember(fleet, id: "host")
        try await connected(admin, host)
        let job = try await admin.agent.schedule(fleetRequest(hosts: ["host"]))
        try await eventually("armed") { try host.localJob(for: job) != nil }
        let id = try #require(try host.localJob(for: job)).id
        try host.fire(job)
        try await eventually("completed reported") {
            try await admin.agent.job(job.id).reports.first?.state == .completed
        }
        let report = try #require(try await admin.agent.job(job.id).reports.first)
        #expect(report.outcomes.contains("terminated") && report.firedAt != nil && report.terminationID == id.rawValue)
        #expect(try await admin.agent.job(job.id).rollup.summary == "completed (1 host: 1 completed)")
        await admin.stop()
        await host.stop()
    }

    @Test func aJobRefusedOnOneHostAndCompletedOnAnotherIsFailedNamingTheHost() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        let web = try await FleetMember(fleet, id: "web")
        let strict = try await FleetMember(
            fleet,
            id: "strict",
            host: try await FleetHostHarness { $0.protectedUsers = ["root", "alice"] }
        )
        try await connected(admin, web, strict)
        let job = try await admin.agent.schedule(fleetRequest(hosts: ["web", "strict"]))
        try await eventually("armed on web, refused on strict") {
            try await admin.agent.job(job.id).reports.map(\.state) == [.refused, .armed]
        }
        #expect(try await admin.agent.job(job.id).rollup.state == .scheduled)
        try web.fire(job)
        try await eventually("completed on web") {
            try await admin.agent.job(job.id).reports.map(\.state) == [.refused, .completed]
        }
        let listed = try #require(try await admin.agent.jobs().first { $0.job.id == job.id })
        #expect(listed.rollup.summary == "failed (2 hosts: 1 completed, 1 refused (not completed on strict))")
        for member in [admin, web, strict] { await member.stop() }
        strict.host.cleanUp()
    }
}

func expectRefusal(
    _ code: FleetError.Code,
    _ words: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected a refusal containing '\(words)'", sourceLocation: sourceLocation)
    } catch let error as FleetError {
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.message.contains(words), "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}
