import CurfewCore
import Foundation
import Testing

@testable import CurfewFleet

/// The fleet's central audit: jobs, hosts and reports as they change, each change once.
@Suite(.enabled(if: TestPostgres.available, "needs CURFEW_TEST_POSTGRES: run under scripts/with-postgres"))
struct FleetAuditTests {
    private func actions(_ entries: [FleetAuditEntry]) -> [String] {
        entries.reversed().map { "\($0.hostID) \($0.action)" }
    }

    @Test func hostsJoiningAndChangingAreAuditedAndAReconnectIsNot() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let web = try await FleetMember(fleet, id: "web", labels: ["lab"])
        try await connected(web)
        let before = await web.agent.status().since
        try await TestPostgres.dropConnections(to: fleet.database)
        try await eventually("reconnected") {
            let status = await web.agent.status()
            return status.connection == .connected && status.since > before
        }
        await web.stop()
        let relabelled = try await FleetMember(
            fleet,
            id: "web",
            hostname: "web-01",
            labels: ["lab", "students"],
            host: web.host,
            instance: web.agent.identity.instance
        )
        try await connected(relabelled)
        let entries = try await relabelled.agent.audit(FleetAuditQuery(host: "web"))
        #expect(actions(entries) == ["web host-joined", "web host-changed"])
        #expect(entries.last?.detail == "hostname web, labels lab, version test")
        #expect(entries.first?.detail == "hostname web -> web-01; labels lab -> lab,students")
        #expect(entries.allSatisfy { $0.actor == "curfewd" && $0.jobID == nil })
        await relabelled.stop()
    }

    @Test func aDuplicateHostIdIsAuditedOnceWhileItRetries() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let first = try await FleetMember(fleet, id: "cloned", hostname: "web-a")
        try await connected(first)
        let second = try await FleetMember(fleet, id: "cloned", hostname: "web-b")
        try await eventually("refused twice") { await second.agent.attempts >= 2 }
        try await eventually("the second attempt refused") { await second.agent.status().connection == .refused }
        let entries = try await first.agent.audit(FleetAuditQuery(host: "cloned"))
        #expect(actions(entries) == ["cloned host-joined", "cloned duplicate-host-id"])
        #expect(entries.first.map { $0.detail.contains("web-a") && $0.detail.contains("web-b") } == true)
        await first.stop()
        await second.stop()
    }

    @Test func jobsWrittenAndRefusedAreAuditedWhereTheyWereWritten() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        try await connected(admin)
        let job = try await admin.agent.schedule(fleetRequest(hosts: ["admin"]))
        await expectRefusal(.invalid, "no host has the label") {
            _ = try await admin.agent.schedule(fleetRequest(label: "students"))
        }
        // The host's own report of the first job may come before or after the refusal.
        let refused = try #require(try await admin.agent.audit(FleetAuditQuery()).first { $0.action == "refused" })
        #expect(refused.hostID == "admin" && refused.actor == "root (uid 0)" && refused.jobID == nil)
        #expect(refused.detail.contains("on label students: no host has the label 'students'"))
        let written = try await admin.agent.audit(FleetAuditQuery(jobID: job.id))
        #expect(written.map(\.action).contains("scheduled"))
        #expect(
            try admin.host.store.auditEntries(actions: [.refused]).contains { $0.target?.contains("students") == true }
        )
        await admin.stop()
    }

    @Test func eachChangeOfAHostsReportIsAuditedOnceEvenWhenSentTwice() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        let host = try await FleetMember(fleet, id: "host")
        try await connected(admin, host)
        let job = try await admin.agent.schedule(fleetRequest(hosts: ["host"]))
        try await eventually("armed reported") { try await admin.agent.job(job.id).reports.first?.state == .armed }
        try host.fire(job)
        try await eventually("completed reported") {
            try await admin.agent.job(job.id).reports.first?.state == .completed
        }
        let report = try #require(try await admin.agent.job(job.id).reports.first)
        // The outbox sends again when a reply was lost: the same report, once more.
        try await TestPostgres.withDatabase(fleet) { db in try await db.store(report) }
        let entries = try await admin.agent.audit(FleetAuditQuery(jobID: job.id))
        let reports = actions(entries).filter { $0.hasPrefix("host report-") }
        #expect(reports.first == "host report-armed" && reports.last == "host report-completed")
        #expect(reports.count == Set(reports).count, "\(reports)")
        #expect(entries.first?.detail.hasPrefix("completed (revision 1, termination ") == true)
        #expect(actions(entries).first == "admin scheduled")
        await admin.stop()
        await host.stop()
    }

    @Test func aReportOnAJobThatIsGoneIsDropped() async throws {
        let fleet = try await TestPostgres.freshDatabase()
        let admin = try await FleetMember(fleet, id: "admin")
        try await connected(admin)
        await admin.stop()
        let report = FleetReport(
            jobID: UUID(),
            hostID: "admin",
            revision: 1,
            state: .completed,
            terminationID: 3,
            firedAt: Date(),
            outcomes: "[]",
            error: nil,
            updatedAt: Date()
        )
        try await TestPostgres.withDatabase(fleet) { db in
            try await db.store(report)
            #expect(try await db.reports(for: [report.jobID]).isEmpty)
            #expect(try await db.audit(FleetAuditQuery(jobID: report.jobID)).isEmpty)
        }
    }
}
