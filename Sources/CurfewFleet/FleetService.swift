import ServiceLifecycle

/// The fleet agent in curfewd's service group: runs until graceful shutdown; without fleet mode, only waits for it.
public struct FleetService: Service {
    public let agent: FleetAgent?

    public init(agent: FleetAgent?) {
        self.agent = agent
    }

    public func run() async throws {
        guard let agent else {
            // A service that returns would stop curfewd.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown { await agent.run() }
    }
}
