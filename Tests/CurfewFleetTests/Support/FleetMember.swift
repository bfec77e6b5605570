import CurfewCore
import Foundation
import Logging
import Testing

@testable import CurfewFleet

/// A host in a test fleet: its own queue, and its fleet agent running as curfewd runs it.
final class FleetMember: Sendable {
    let host: FleetHostHarness
    let agent: FleetAgent
    let task: Task<Void, Never>

    init(
        _ fleet: FleetConfiguration,
        id: String,
        hostname: String? = nil,
        labels: [String] = [],
        host: FleetHostHarness? = nil,
        instance: UUID = UUID()
    ) async throws {
        let host = if let host { host } else { try await FleetHostHarness() }
        self.host = host
        var logger = Logger(label: "curfew.fleet.\(id)")
        logger.logLevel = .warning
        agent = try FleetAgent(
            fleet: fleet,
            identity: FleetIdentity(hostID: id, hostname: hostname ?? id, labels: labels, instance: instance),
            scheduler: host.scheduler,
            store: host.store,
            config: host.settings,
            version: "test",
            logger: logger
        )
        task = Task { [agent] in await agent.run() }
    }

    /// Stops the agent, as curfewd's shutdown does; the host's queue stays.
    func stop() async {
        task.cancel()
        await task.value
    }

    func localJob(for fleetJob: FleetJob) throws -> Termination? {
        guard let id = try host.store.fleetLink(fleetJob.id.uuidString.lowercased())?.terminationID else { return nil }
        return try host.store.termination(id)
    }
}

/// Waits for something the fleet does asynchronously (a notification, a reconnect); fails the test after `seconds`.
/// Integration only: nothing here asserts how fast it happens.
func eventually(
    _ what: String,
    within seconds: Double = 20,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("not within \(Int(seconds)) s: \(what)", sourceLocation: sourceLocation)
    throw CancellationError()
}
