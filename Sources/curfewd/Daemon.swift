import CurfewAPI
import CurfewCore
import CurfewFleet
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
/// systemd hears READY only once it does. Runs until SIGTERM or SIGINT; SIGHUP reloads the configuration.
struct Daemon {
    var settings: LiveConfiguration
    /// Reads the configuration file again, for reloads.
    var load: @Sendable () throws(InputError) -> Configuration
    var logger: Logger

    func run() async throws {
        let config = settings.current
        let notifier = ServiceNotifier()
        let status = StatusLine(notifier: notifier)
        let store: TerminationStore
        do {
            store = try TerminationStore(
                path: config.databasePath,
                reserve: BallastFile(path: config.reservePath, capacity: config.diskReserve),
                onAudit: AuditJournal().record
            )
        } catch {
            throw DaemonError(message: error.message)
        }
        // Before anything writes: a disk full already is found and announced here.
        let diskWatch = DiskWatch(store: store, status: status, logger: logger)
        store.prepareReserve(at: Date())
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        do {
            // Before recovery can publish anything, so a newly configured endpoint is sent all of it.
            try WebhookDispatcher.prepare(store: store, endpoints: config.webhooks, at: Date())
        } catch let error as StoreError where error.code == .diskFull {
            // Firing must not wait for room: a new endpoint's place in the log is taken once there is room again.
            logger.warning("webhook outbox not prepared: \(error.message)")
        } catch {
            throw DaemonError(message: "cannot prepare the webhook outbox in \(config.databasePath): \(error)")
        }
        let sessions = LogindClient()
        // Graphical sessions' notices wait here for the user's helper, curfew-notify@UID.service, to fetch them.
        let desktopInbox = DesktopInbox()
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: sessions,
            notifier: SessionNotices(
                terminals: TerminalNotifier(logger: Logger(label: "curfew.terminal")),
                desktops: DesktopNotifier(inbox: desktopInbox, units: SystemdUnits())
            ),
            config: settings,
            terminals: DeviceTerminalTimes(),
            directory: SystemUserDirectory(shadow: ShadowDatabase.entry),
            logger: Logger(label: "curfew.scheduler")
        )
        let policyInputs = PolicyInputs(scheduler: scheduler)
        let accountFiles = policyInputs.watchAccountFiles(logger: logger)
        do {
            // Jobs that logind's absence left waiting for their back-off fire as soon as it answers again.
            try sessions.followSessions(
                logger: Logger(label: "curfew.logind"),
                onLogindBack: { [scheduler] in Task { await scheduler.retryNow() } },
                onChange: { [continuation = policyInputs.continuation] in continuation.yield(.sessions($0)) }
            )
        } catch {
            // Without the watcher every list asks logind: more calls, same answers.
            logger.error("cannot follow logind's sessions: \(error); listing them on each use")
        }
        let progress = RecoveryProgress()
        let extending = Task { await RecoveryTimeout.extend(while: progress, notifier: notifier) }
        let recovery = try await scheduler.start(progress: progress)
        extending.cancel()
        logger.info(
            "queue loaded from \(config.databasePath): \(recovery.pending) pending, \(recovery.overdue) overdue fired, \(recovery.missed) missed, \(recovery.resumed) resumed"
        )
        await scheduler.observeStatus { status.update($0) }
        #if CURFEW_FAULT_INJECTION
        FaultInjection.install(scheduler: scheduler, logger: logger)
        #endif

        let fleet = try fleetAgent(scheduler: scheduler, store: store)
        let environment = APIEnvironment(
            scheduler: scheduler,
            store: store,
            sessions: sessions,
            config: settings,
            metrics: registry,
            fleet: fleet,
            desktopInbox: desktopInbox
        )
        let socket = try apiSocket(config)
        let api = try apiService(environment, socket: socket, notifier: notifier, status: status)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: policyInputs),
            .init(service: diskWatch),
            .init(service: EventRetention(store: store, retention: config.eventRetention, logger: logger)),
            .init(service: WebhookService(store: store, endpoints: config.webhooks, logger: logger)),
            // Before the API, so shutdown stops the API first and the fleet's last reports can still go out.
            .init(service: FleetService(agent: fleet)),
            .init(service: api),
            .init(
                service: ConfigReloader(
                    settings: settings,
                    load: load,
                    status: status,
                    notifier: notifier,
                    logger: logger,
                    applied: { await scheduler.reloadPolicies() }
                )
            ),
        ]
        if let interval = try? ServiceNotifier.watchdogInterval() {
            services.append(
                .init(service: Watchdog(interval: interval, scheduler: scheduler, notifier: notifier, logger: logger))
            )
        }
        // Last, so it is the first to hear of shutdown.
        services.append(.init(service: Stopping(scheduler: scheduler, notifier: notifier, logger: logger)))
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        withExtendedLifetime(accountFiles) {}
    }

    /// Fleet mode's agent, when the configuration has `fleet:`. A bad host id or password file stops curfewd here; an
    /// unreachable database does not (the agent retries and says so in its status).
    private func fleetAgent(scheduler: Scheduler, store: TerminationStore) throws -> FleetAgent? {
        let config = settings.current
        guard let fleet = config.fleet else { return nil }
        do {
            let agent = try FleetAgent(
                fleet: fleet,
                identity: try FleetIdentity.load(fleet, stateDirectory: config.stateDirectory),
                scheduler: scheduler,
                store: store,
                config: settings,
                version: Curfewd.version,
                logger: Logger(label: "curfew.fleet")
            )
            logger.info("fleet mode: \(fleet) as host \(agent.identity.hostID)")
            return agent
        } catch {
            throw DaemonError(message: "fleet: \(error)")
        }
    }

    /// The socket curfewd.socket passed, or the configured path to bind.
    private func apiSocket(_ config: Configuration) throws -> APISocket {
        let passed: SocketActivation.Listening?
        do {
            passed = try SocketActivation.listeningSocket()
        } catch {
            throw DaemonError(message: "cannot use the socket systemd passed: \(error)")
        }
        guard let passed else { return .path(config.socketPath) }
        if passed.path != config.socketPath {
            logger.warning(
                "curfewd.socket listens on \(passed.path), the configuration says \(config.socketPath): serving \(passed.path)"
            )
        }
        logger.info("socket activated: serving \(passed.path) from curfewd.socket (which sets its mode and group)")
        return .inherited(descriptor: passed.descriptor)
    }

    private func apiService(
        _ environment: APIEnvironment,
        socket: APISocket,
        notifier: ServiceNotifier,
        status: StatusLine
    ) throws -> some Service {
        let logger = self.logger
        do {
            return try APIServer.service(environment, socket: socket, logger: Logger(label: "curfew.api")) { failure in
                if let failure {
                    // Serving a socket the admins cannot reach would look healthy and help no one.
                    logger.critical("\(failure); stopping")
                    try? notifier.status("failed: \(failure)")
                    exit(EXIT_FAILURE)
                }
                logger.info("API listening")
                do {
                    try notifier.ready(status: status.text)
                } catch {
                    logger.error("cannot tell systemd we are ready: \(error)")
                }
            }
        } catch {
            throw DaemonError(message: "cannot prepare the API socket \(environment.config.socketPath): \(error)")
        }
    }
}
