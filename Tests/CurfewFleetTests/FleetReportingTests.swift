import CurfewCore
import CurfewStore
import Foundation
import Testing

@testable import CurfewFleet

@Suite struct FleetReportingTests {
    let id = UUID()

    private func termination(_ state: TerminationState, sessions: [SessionOutcome] = []) -> Termination {
        Termination(
            id: TerminationID(7),
            target: .user("alice", SessionFilter()),
            dueAt: Date(timeIntervalSince1970: 1_000),
            reason: "offboarding",
            notices: NoticePlan.none,
            caller: .daemon,
            state: state,
            createdAt: Date(timeIntervalSince1970: 0),
            firedAt: state == .scheduled ? nil : Date(timeIntervalSince1970: 1_002),
            sessions: sessions
        )
    }

    private func draft(_ link: FleetLink, _ termination: Termination?) -> FleetReportDraft {
        FleetReportDraft(link: link, termination: termination, generation: 1)
    }

    @Test func anArmedJobIsReportedWithItsLocalIdAndRevision() throws {
        let link = FleetLink(fleetID: id.uuidString.lowercased(), terminationID: TerminationID(7), revision: 2)
        let report = try #require(FleetReporting.report(draft(link, termination(.scheduled)), hostID: "web-01"))
        #expect(report.jobID == id && report.hostID == "web-01" && report.revision == 2)
        #expect(report.state == .armed && report.terminationID == 7 && report.firedAt == nil && report.error == nil)
    }

    @Test func aFiredJobCarriesEachSessionsOutcomeAndItsFailures() throws {
        let link = FleetLink(fleetID: id.uuidString.lowercased(), terminationID: TerminationID(7), revision: 1)
        let sessions = [
            SessionOutcome(sessionID: "3", user: "alice", result: .terminated),
            SessionOutcome(sessionID: "4", user: "alice", result: .failed, error: "access denied"),
        ]
        let report = try #require(
            FleetReporting.report(draft(link, termination(.failed, sessions: sessions)), hostID: "h")
        )
        #expect(report.state == .failed && report.firedAt == Date(timeIntervalSince1970: 1_002))
        #expect(report.outcomes.contains("\"terminated\"") && report.outcomes.contains("access denied"))
        #expect(report.error == "4: access denied")
    }

    @Test func aRefusalIsReportedWithTheHostsReason() throws {
        let link = FleetLink(
            fleetID: id.uuidString.lowercased(),
            terminationID: nil,
            revision: 1,
            settled: .refused,
            detail: "refused by this host: user ops is protected"
        )
        let report = try #require(FleetReporting.report(draft(link, nil), hostID: "h"))
        #expect(report.state == .refused && report.error == "refused by this host: user ops is protected")
        #expect(report.outcomes == "[]" && report.terminationID == nil)
    }
}
