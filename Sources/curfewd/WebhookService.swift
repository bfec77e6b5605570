import AsyncHTTPClient
import CurfewCore
import CurfewStore
import CurfewWebhooks
import Logging
import ServiceLifecycle

/// The webhook outbox as a service: delivers until curfewd stops; what is left is sent after the next start.
struct WebhookService: Service {
    let store: TerminationStore
    let endpoints: [WebhookEndpoint]
    let logger: Logger

    func run() async throws {
        guard !endpoints.isEmpty else {
            // A service that returns would stop curfewd.
            try? await gracefulShutdown()
            return
        }
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: WebhookDispatcher.httpConfiguration
        )
        let dispatcher = WebhookDispatcher(
            store: store,
            endpoints: endpoints,
            http: http,
            logger: Logger(label: "curfew.webhooks")
        )
        logger.info("webhooks: delivering to \(endpoints.map(\.url).joined(separator: ", "))")
        await cancelWhenGracefulShutdown { await dispatcher.run() }
        try await http.shutdown()
    }
}
