import CurfewCore
import CurfewScheduler
import Foundation

/// What admins do to the fleet from this host: write, cancel and move fleet jobs, and read how the fleet stands.
/// Each write is audited on this host and in the fleet database.
extension FleetAgent {
    /// Writes the job; a refusal (bad input, a protected user, an unknown label or host) is audited here and, when
    /// the database is reachable, centrally.
    public func schedule(_ request: FleetJobRequest) async throws -> FleetJob {
        try await asking {
            do {
                return try await write(request)
            } catch let refusal as FleetError where refusal.code == .invalid {
                await auditRefusal(refusal, request)
                throw refusal
            }
        }
    }

    /// The fleet's central audit, newest first.
    public func audit(_ query: FleetAuditQuery) async throws -> [FleetAuditEntry] {
        try await asking { try await connectedDatabase().audit(query) }
    }

    private func auditRefusal(_ refusal: FleetError, _ request: FleetJobRequest) async {
        let scope =
            request.hosts.map { "hosts " + $0.joined(separator: ", ") } ?? request.label.map { "label \($0)" }
            ?? "every host"
        let what = "fleet job for \(request.target.summary) at \(TimeText.absolute(request.dueAt)) on \(scope)"
        let entry = AuditEntry(
            at: Date(),
            actor: request.caller,
            action: .refused,
            target: what,
            targetUser: request.target.user,
            reason: request.reason,
            result: refusal.message
        )
        do {
            try store.appendAudit(entry)
        } catch {
            logger.error("fleet: cannot audit the refusal of a \(what): \(error)")
        }
        guard let database = try? connectedDatabase() else { return }
        do {
            try await database.auditRefusal(
                origin: identity.hostID,
                actor: Self.describe(request.caller),
                detail: "\(what): \(refusal.message)"
            )
        } catch {
            logger.warning("fleet: cannot audit the refusal of a \(what) centrally: \(FleetErrorText.describe(error))")
        }
    }

    private func write(_ request: FleetJobRequest) async throws -> FleetJob {
        let now = Date()
        try check(request, now: now)
        let db = try connectedDatabase()
        if let label = request.label {
            let labels = try await db.knownLabels()
            guard labels.contains(label) else {
                throw FleetError(
                    .invalid,
                    "no host has the label '\(label)'; labels in use: \(labels.isEmpty ? "none" : labels.sorted().joined(separator: ", "))"
                )
            }
        }
        if let names = request.hosts {
            let hosts = try await db.hosts()
            let unknown = names.filter { name in !hosts.contains { $0.id == name || $0.hostname == name } }
            guard unknown.isEmpty else {
                throw FleetError(
                    .invalid,
                    "unknown hosts: \(unknown.joined(separator: ", ")); curfewctl fleet hosts lists the fleet's hosts"
                )
            }
        }
        let job = FleetJob(
            id: UUID(),
            target: request.target,
            dueAt: max(request.dueAt, now),
            reason: request.reason,
            notices: request.notices,
            hosts: request.hosts,
            label: request.label,
            actor: Self.describe(request.caller),
            origin: identity.hostID,
            state: .scheduled,
            revision: 1,
            createdAt: now,
            updatedAt: now
        )
        try await db.insert(job)
        audit(.scheduled, job, by: request.caller, result: "written to the fleet database for \(job.scope)")
        return job
    }

    public func cancel(_ id: UUID, by caller: Caller) async throws -> FleetJob {
        try await asking { try await change(id, cancel: true, dueAt: nil, by: caller) }
    }

    public func reschedule(_ id: UUID, to due: Date, by caller: Caller) async throws -> FleetJob {
        guard due > Date() else {
            throw FleetError(.invalid, "the new due time \(TimeText.absolute(due)) is in the past; give a future time")
        }
        return try await asking { try await change(id, cancel: false, dueAt: due, by: caller) }
    }

    public func hosts() async throws -> [FleetHost] {
        try await asking { try await connectedDatabase().hosts() }
    }

    /// The newest jobs first, each with every host it is for.
    public func jobs(limit: Int = 100) async throws -> [FleetJobStanding] {
        try await asking {
            let db = try connectedDatabase()
            return try await standings(db.jobs(limit: limit), db)
        }
    }

    public func job(_ id: UUID) async throws -> FleetJobStanding {
        try await asking {
            let db = try connectedDatabase()
            guard let job = try await db.job(id) else { throw FleetError(.notFound, "no fleet job \(Self.text(id))") }
            return try await standings([job], db)[0]
        }
    }

    /// A database failure in the middle of an admin's request is "unavailable, try again", never an internal error.
    private func asking<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as FleetError {
            throw error
        } catch {
            throw FleetError(.unavailable, "the fleet database failed: \(FleetErrorText.describe(error)); try again")
        }
    }

    private func standings(_ jobs: [FleetJob], _ db: FleetDatabase) async throws -> [FleetJobStanding] {
        let reports = try await db.reports(for: jobs.map(\.id))
        let hosts = try await db.hosts()
        return jobs.map { job in
            let mine = reports.filter { $0.jobID == job.id }
            let waiting = hosts.filter { host in
                host.registeredAt <= job.createdAt
                    && job.matches(hostID: host.id, hostname: host.hostname, labels: host.labels)
                    && !mine.contains { $0.hostID == host.id }
            }
            return FleetJobStanding(job: job, waiting: waiting.map(\.id), reports: mine)
        }
    }

    private func change(_ id: UUID, cancel: Bool, dueAt: Date?, by caller: Caller) async throws -> FleetJob {
        let db = try connectedDatabase()
        let what = cancel ? "cancelled" : "moved to \(dueAt.map { TimeText.absolute($0) } ?? "")"
        if let job = try await db.change(
            id,
            cancel: cancel,
            dueAt: dueAt,
            actor: Self.describe(caller),
            origin: identity.hostID,
            detail: what
        ) {
            audit(cancel ? .cancelled : .rescheduled, job, by: caller, result: "\(what) in the fleet database")
            return job
        }
        guard let job = try await db.job(id) else { throw FleetError(.notFound, "no fleet job \(Self.text(id))") }
        let why =
            job.state == .cancelled ? "it is cancelled" : "its due time \(TimeText.absolute(job.dueAt)) has passed"
        throw FleetError(.conflict, "fleet job \(Self.text(id)) cannot be changed: \(why)")
    }

    private func check(_ request: FleetJobRequest, now: Date) throws(FleetError) {
        switch request.target {
        case .sessions, .group:
            throw FleetError(
                .invalid,
                "a fleet job names a user or all sessions, not session ids (they mean nothing on other hosts) or a group"
            )
        case .user(let name, _):
            guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "/" }) else {
                throw FleetError(.invalid, "'\(name)' is not a user name")
            }
            guard !arming.config.current.isProtected(name) else {
                throw FleetError(
                    .invalid,
                    "user \(name) is protected on this host and is never terminated; each host checks its own list too"
                )
            }
        case .all:
            break
        }
        guard request.dueAt >= now.addingTimeInterval(-1) else {
            throw FleetError(.invalid, "the due time \(TimeText.absolute(request.dueAt)) is in the past")
        }
        guard request.reason.count <= TerminationRequest.reasonLimit else {
            throw FleetError(
                .invalid,
                "the reason is \(request.reason.count) characters long; at most \(TerminationRequest.reasonLimit) are accepted"
            )
        }
        guard request.hosts == nil || request.label == nil else {
            throw FleetError(.invalid, "give hosts or a label, not both")
        }
        if let hosts = request.hosts {
            guard !hosts.isEmpty, hosts.allSatisfy(FleetConfiguration.isName) else {
                throw FleetError(.invalid, "hosts must be host ids or names such as web-01,web-02")
            }
        }
        if let label = request.label, !FleetConfiguration.isName(label) {
            throw FleetError(.invalid, "'\(label)' is not a label (letters, digits, - _ .)")
        }
    }

    private func audit(_ action: AuditEntry.Action, _ job: FleetJob, by caller: Caller, result: String) {
        let entry = AuditEntry(
            at: Date(),
            actor: caller,
            action: action,
            target: "fleet job \(Self.text(job.id)): \(job.target.summary) on \(job.scope)",
            targetUser: job.target.user,
            reason: job.reason,
            result: result
        )
        do {
            try store.appendAudit(entry)
        } catch {
            logger.error("fleet: cannot audit \(action.rawValue) of fleet job \(Self.text(job.id)): \(error)")
        }
    }

    static func describe(_ caller: Caller) -> String {
        "\(caller.name) (uid \(caller.uid))"
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}
