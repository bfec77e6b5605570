import CurfewCore
import Foundation
import Testing

@testable import CurfewFleet

/// Waits until every member is connected to the fleet database.
func connected(_ members: FleetMember...) async throws {
    for member in members {
        try await eventually("\(member.agent.identity.hostID) connected") {
            await member.agent.status().connection == .connected
        }
    }
}

/// A fleet job for alice (or `user`) an hour from now, written by root.
func fleetRequest(label: String? = nil, hosts: [String]? = nil, user: String = "alice") -> FleetJobRequest {
    FleetJobRequest(
        target: .user(user, SessionFilter()),
        dueAt: Date().addingTimeInterval(3_600),
        reason: "offboarding",
        hosts: hosts,
        label: label,
        caller: FleetHostHarness.admin
    )
}

extension FleetMember {
    /// Fires the local copy of a fleet job as the scheduler does, step by step through the store: alice's session 5
    /// is terminated.
    func fire(_ job: FleetJob) throws {
        guard let id = try localJob(for: job)?.id else { throw FleetError(.notFound, "not armed here") }
        let store = host.store
        _ = try store.beginFiring([id], at: Date())
        _ = try store.recordResolution(
            id,
            sessions: [SessionOutcome(sessionID: "5", user: "alice", result: .pending)],
            at: Date()
        )
        try store.recordOutcome(id, SessionOutcome(sessionID: "5", user: "alice", result: .terminated))
        _ = try store.finishFiring(id, at: Date())
    }
}
