import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Logging
import PostgresNIO

/// This host's member of the fleet: one connection to the fleet database, kept open with back-off, on which it
/// registers, listens for wake-ups, reads the jobs it has not applied (on connect, on each notification and every
/// poll interval), copies them into the local queue, and sends the local outbox's reports. The local queue fires
/// whether or not the database is reachable.
public actor FleetAgent {
    public nonisolated let identity: FleetIdentity
    let fleet: FleetConfiguration
    let connectionSettings: PostgresConnection.Configuration
    let arming: FleetArming
    let store: TerminationStore
    let version: String
    let logger: Logger
    private var database: FleetDatabase?
    private var state: FleetStatus
    private var wake: AsyncStream<Void>.Continuation?
    private var needsSync = true
    private var heartbeatDue = false
    /// When the next round removes what fleet.retention no longer keeps: at once after connecting, then hourly.
    private var pruneDue = Date.distantPast
    /// The reachability last told to the stream and webhooks: a `fleet.connected` or `fleet.unreachable` event is
    /// written when it changes, not on every attempt to reconnect.
    private var reported: FleetStatus.Connection?
    /// Attempts to connect since start.
    private(set) var attempts = 0

    public init(
        fleet: FleetConfiguration,
        identity: FleetIdentity,
        scheduler: Scheduler,
        store: TerminationStore,
        config: LiveConfiguration,
        version: String,
        logger: Logger
    ) throws(FleetError) {
        self.fleet = fleet
        self.identity = identity
        self.connectionSettings = try FleetConnectionSettings.make(fleet)
        self.arming = FleetArming(scheduler: scheduler, store: store, config: config, hostID: identity.hostID)
        self.store = store
        self.version = version
        self.logger = logger
        self.state = FleetStatus(
            hostID: identity.hostID,
            hostname: identity.hostname,
            labels: identity.labels,
            since: Date()
        )
    }

    public func status() -> FleetStatus {
        var status = state
        status.unreported = (try? store.fleetOutboxCount()) ?? 0
        return status
    }

    /// Connects, works, and reconnects with back-off until cancelled.
    public func run() async {
        var backoff = FleetBackoff(ceiling: Double(max(5, min(fleet.poll, 60))))
        while !Task.isCancelled {
            var wasConnected = false
            do {
                try await connectAndWork(connected: { wasConnected = true })
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                record(error)
            }
            if wasConnected { backoff.reset() }
            let delay = backoff.next()
            logger.info("fleet: connecting again in \(Int(delay.rounded())) s")
            try? await Task.sleep(for: .seconds(delay))
        }
        database = nil
    }

    private func record(_ error: any Error) {
        let text = FleetErrorText.describe(error)
        let refused = (error as? FleetError)?.code == .conflict || text.contains("newer curfew")
        let connection: FleetStatus.Connection = refused ? .refused : .unreachable
        state.connection = connection
        state.lastError = text
        database = nil
        guard reported != connection else {
            logger.info("fleet: still \(connection.rawValue): \(text)")
            return
        }
        reported = connection
        logger.error("fleet: \(text); jobs already armed here still fire on time")
        state.since = Date()
        event(.fleetUnreachable, "fleet database \(connection.rawValue) from \(identity.hostID): \(text)", error: text)
    }

    private func connectAndWork(connected: () -> Void) async throws {
        attempts += 1
        if reported == nil { state.connection = .connecting }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: connectionSettings, id: 1, logger: logger)
        } catch let error as PSQLError where error.serverInfo == nil && fleet.unixSocketPath != nil {
            // postgres-nio names the host and port of a TCP connection that failed, but not the socket's path.
            throw FleetError(
                .unavailable,
                "cannot connect to the socket \(fleet.unixSocketPath ?? ""): \(FleetErrorText.describe(error))"
            )
        }
        do {
            try await work(on: connection, connected: connected)
        } catch {
            database = nil
            try? await connection.close()
            throw error
        }
    }

    private func work(on connection: PostgresConnection, connected: () -> Void) async throws {
        let db = FleetDatabase(connection: connection, logger: logger)
        try await FleetSchema.migrate(db)
        let offset = try await clockOffset(db)
        try await db.register(
            .init(
                hostID: identity.hostID,
                hostname: identity.hostname,
                labels: identity.labels,
                version: version,
                instance: identity.instance,
                clockOffset: offset,
                takeoverAfter: Double(max(90, 3 * fleet.poll))
            ),
            auditRefusal: reported != .refused
        )
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        database = db
        needsSync = true
        pruneDue = .distantPast
        state.connection = .connected
        state.since = Date()
        state.lastError = nil
        reported = .connected
        connected()
        let connectedTo = fleet.endpoint
        logger.info("fleet: connected to \(connectedTo) as \(identity.hostID) (\(identity.hostname))")
        event(.fleetConnected, "\(identity.hostID) connected to the fleet database \(connectedTo)")
        let poll = fleet.poll
        let local = store.eventFeed.listen()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await connection.listen(on: FleetDatabase.channel) { notifications in
                    // Read again once listening: a job written before LISTEN took effect is not missed.
                    await self.jobsChanged()
                    for try await _ in notifications { await self.jobsChanged() }
                }
                throw FleetError(.unavailable, "the fleet database stopped sending notifications")
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(poll))
                    await self.pollDue()
                }
            }
            group.addTask {
                for await _ in local { await self.wakeUp() }
            }
            group.addTask {
                try await self.cycle(db)
                for await _ in wakes { try await self.cycle(db) }
            }
            // Whichever ends first (a lost connection, shutdown) ends the rest; closing the connection ends the
            // notifications' wait on it.
            do {
                try await group.next()
            } catch {
                group.cancelAll()
                try? await connection.close()
                throw error
            }
            group.cancelAll()
            try? await connection.close()
        }
    }

    private func jobsChanged() {
        needsSync = true
        wake?.yield()
    }

    private func pollDue() {
        needsSync = true
        heartbeatDue = true
        wake?.yield()
    }

    private func wakeUp() {
        wake?.yield()
    }

    /// One round: stay registered, apply what changed centrally, send what changed locally.
    private func cycle(_ db: FleetDatabase) async throws {
        if heartbeatDue {
            heartbeatDue = false
            guard try await db.heartbeat(hostID: identity.hostID, instance: identity.instance) else {
                throw FleetError(.conflict, "another host has taken the host id \(identity.hostID)")
            }
        }
        if needsSync {
            needsSync = false
            for job in try await db.unapplied(hostID: identity.hostID) {
                do {
                    let done = try await arming.apply(job, now: Date())
                    logger.info("fleet: job \(job.id.uuidString.lowercased()) (\(job.target.summary)): \(done)")
                } catch {
                    // Local trouble (a full disk): the next poll tries again; other jobs go on.
                    logger.error("fleet: cannot apply job \(job.id.uuidString.lowercased()) here: \(error)")
                }
            }
            state.lastSync = Date()
        }
        try store.fillFleetOutbox(at: Date())
        while true {
            let drafts = try store.pendingFleetReports(limit: 100)
            for draft in drafts {
                if let report = FleetReporting.report(draft, hostID: identity.hostID) {
                    try await db.store(report)
                }
                try store.markFleetReported(draft.link.fleetID, generation: draft.generation)
            }
            if drafts.count < 100 { break }
        }
        // In the same round as the other statements, never beside them: one statement at a time on the connection.
        if Date() >= pruneDue {
            pruneDue = try await prune(db) ? Date() : Date().addingTimeInterval(Self.pruneInterval)
        }
    }

    static let pruneInterval: TimeInterval = 3_600
    /// Statements per table in one round; what is left waits for the next round, so a large backlog never holds up
    /// the round's other work for long.
    static let pruneRounds = 20

    /// Removes what fleet.retention no longer keeps, a batch per statement. Every host does it; a failure on an open
    /// connection is logged and tried again in an hour. True when more is left to remove.
    func prune(_ db: FleetDatabase) async throws -> Bool {
        let retention = fleet.retention
        do {
            let jobs = try await pruneBatches { try await db.pruneJobs(retention: retention) }
            let rows = try await pruneBatches { try await db.pruneAudit(retention: retention) }
            if jobs.removed + rows.removed > 0 {
                logger.info(
                    "fleet: removed \(jobs.removed) finished jobs and \(rows.removed) audit rows older than \(DurationText.format(retention))"
                )
            }
            return jobs.more || rows.more
        } catch {
            // A lost connection ends the round, as any other statement's failure does.
            if db.connection.isClosed || Task.isCancelled { throw error }
            logger.warning("fleet: cannot remove old fleet jobs and audit rows: \(FleetErrorText.describe(error))")
            return false
        }
    }

    private func pruneBatches(_ statement: () async throws -> Int) async throws -> (removed: Int, more: Bool) {
        var total = 0
        var removed = FleetDatabase.pruneBatch
        var rounds = 0
        while removed == FleetDatabase.pruneBatch, rounds < Self.pruneRounds, !Task.isCancelled {
            removed = try await statement()
            total += removed
            rounds += 1
        }
        return (total, removed == FleetDatabase.pruneBatch)
    }

    /// This host's clock minus the database's, halfway through the round trip.
    private func clockOffset(_ db: FleetDatabase) async throws -> Double {
        let before = Date()
        let databaseNow = try await db.now()
        let after = Date()
        let offset = before.addingTimeInterval(after.timeIntervalSince(before) / 2).timeIntervalSince(databaseNow)
        state.clockOffset = offset
        if abs(offset) > fleet.clockTolerance {
            let warning = String(
                format: "this host's clock is %.1f s %@ the fleet database's (tolerance %.0f s); fix NTP",
                abs(offset),
                offset > 0 ? "ahead of" : "behind",
                fleet.clockTolerance
            )
            state.clockWarning = warning
            logger.warning("fleet: \(warning)")
            event(.fleetClockSkew, "\(identity.hostID): \(warning)", error: warning)
        } else {
            state.clockWarning = nil
        }
        return offset
    }

    /// A fleet event about this host, for the stream and webhooks; losing one (a full disk) loses no fleet work.
    private func event(_ kind: EventKind, _ summary: String, error: String? = nil) {
        var details = EventDetails(error: error)
        details.host = identity.hostID
        do {
            try store.recordFleetEvent(Event(at: Date(), kind: kind, users: [], summary: summary, details: details))
        } catch {
            logger.warning("fleet: cannot record the \(kind.rawValue) event: \(error)")
        }
    }

    /// The open connection, or why there is none.
    func connectedDatabase() throws(FleetError) -> FleetDatabase {
        guard let database else {
            throw FleetError(
                .unavailable,
                "the fleet database is not reachable from this host (\(state.lastError ?? "connecting")); single-host work goes on; try again later"
            )
        }
        return database
    }
}
