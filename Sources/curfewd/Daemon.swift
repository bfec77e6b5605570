import CurfewAPI
import CurfewCore
import CurfewScheduler
import CurfewStore
import CurfewSystem
import CurfewWebhooks
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// A start-up failure the admin must fix; the message says what and where.
struct DaemonError: Error {
    var message: String
}

/// Wires the parts together: the store is opened and recovered and the timer armed before the API listens, and
/// systemd hears READY only once it does. Runs until SIGTERM or SIGINT.
struct Daemon {
    var config: Configuration
    var logger: Logger

    func run() async throws {
        let store: TerminationStore
        do {
            let journal = AuditJournal()
            store = try TerminationStore(path: config.databasePath, onAudit: journal.record)
        } catch {
            throw DaemonError(message: error.message)
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        do {
            // Before recovery can publish anything, so a newly configured endpoint is sent all of it.
            try WebhookDispatcher.prepare(store: store, endpoints: config.webhooks, at: Date())
        } catch {
            throw DaemonError(message: "cannot prepare the webhook outbox in \(config.databasePath): \(error)")
        }
        let sessions = LogindClient()
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: sessions,
            notifier: TerminalNotifier(logger: Logger(label: "curfew.terminal")),
            config: config,
            logger: Logger(label: "curfew.scheduler")
        )
        let recovery = try await scheduler.start()
        logger.info(
            "queue loaded from \(config.databasePath): \(recovery.pending) pending, \(recovery.overdue) overdue fired, \(recovery.missed) missed, \(recovery.resumed) resumed"
        )
        let environment = APIEnvironment(
            scheduler: scheduler,
            store: store,
            sessions: sessions,
            config: config,
            metrics: registry
        )
        let notifier = ServiceNotifier()
        let api: any Service
        do {
            api = try APIServer.application(environment, logger: Logger(label: "curfew.api")) { [logger] failure in
                if let failure {
                    // Serving a socket the admins cannot reach would look healthy and help no one.
                    logger.critical("\(failure); stopping")
                    try? notifier.status("failed: \(failure)")
                    exit(EXIT_FAILURE)
                }
                logger.info("API listening on \(config.socketPath)")
                do {
                    try notifier.ready(status: await ServiceStatus.describe(scheduler))
                } catch {
                    logger.error("cannot tell systemd we are ready: \(error)")
                }
            }
        } catch {
            throw DaemonError(message: "cannot prepare the API socket \(config.socketPath): \(error)")
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: EventRetention(store: store, retention: config.eventRetention, logger: logger)),
                    .init(service: WebhookService(store: store, endpoints: config.webhooks, logger: logger)),
                    .init(service: api),
                    // Last, so it is the first to hear of shutdown.
                    .init(service: ServiceStatus(scheduler: scheduler, notifier: notifier, logger: logger)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
