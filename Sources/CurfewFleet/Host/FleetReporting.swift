import CurfewCore
import CurfewStore
import Foundation

/// Turns an outbox entry into the report the fleet database stores.
enum FleetReporting {
    static func report(_ draft: FleetReportDraft, hostID: String) -> FleetReport? {
        guard let jobID = UUID(uuidString: draft.link.fleetID) else { return nil }
        let state: FleetReport.State
        if let settled = draft.link.settled {
            switch settled {
            case .refused: state = .refused
            case .cancelled: state = .cancelled
            case .missed: state = .missed
            }
        } else {
            switch draft.termination?.state {
            case .scheduled: state = .armed
            case .firing: state = .firing
            case .completed: state = .completed
            case .failed, nil: state = .failed
            case .cancelled: state = .cancelled
            case .missed: state = .missed
            }
        }
        let sessions = draft.termination?.sessions ?? []
        let failures = sessions.filter { $0.result == .failed }.map { "\($0.sessionID): \($0.error ?? "failed")" }
        let error = [draft.link.detail].compactMap { $0 } + failures
        return FleetReport(
            jobID: jobID,
            hostID: hostID,
            revision: draft.link.revision,
            state: state,
            terminationID: draft.termination?.id.rawValue,
            firedAt: draft.termination?.firedAt,
            outcomes: String(decoding: (try? JSONEncoder().encode(sessions)) ?? Data("[]".utf8), as: UTF8.self),
            error: error.isEmpty ? nil : error.joined(separator: "; "),
            updatedAt: Date()
        )
    }
}
