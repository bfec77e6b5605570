import CurfewCore
import CurfewStore
import Foundation

/// Scheduling, cancelling and rescheduling: checked, written durably, then put in the queue and announced.
extension Scheduler {
    /// Queues one termination; it is durable when this returns.
    public func schedule(_ request: TerminationRequest) async throws -> Termination {
        try await schedule([request])[0]
    }

    /// Queues many terminations in one transaction; all are checked first, and none is queued if one is refused
    /// (the refusal is audited).
    public func schedule(_ requests: [TerminationRequest]) async throws -> [Termination] {
        let now = clock.now()
        let needsSessions = requests.contains { if case .sessions = $0.target { true } else { false } }
        let live = needsSessions ? try await liveSessions() : []
        let drafts: [TerminationDraft]
        do {
            drafts = try requests.map { try draft($0, live: live, now: now) }
        } catch let error as SchedulerError {
            for request in requests { audit(refusal: error, of: request, at: now) }
            throw error
        }
        let inserted = try storeCall { try store.insert(drafts, at: now) }
        // A replayed request's job is queued and announced already.
        let fresh = zip(inserted, drafts).filter { !$0.0.replayed }.map { (job: $0.0.termination, draft: $0.1) }
        for (job, _) in fresh {
            queue.schedule(job.id, due: job.dueAt, notices: job.notices, nextNotice: job.nextNotice)
        }
        rearm()
        // A batch of rehearsals (benchmarks, checks) is not announced job by job; a job ending sessions now gets
        // its "terminating now" notice when it fires, moments later.
        if !(fresh.count > 1 && fresh.allSatisfy(\.job.dryRun)) {
            for (job, draft) in fresh where !draft.immediate {
                await announcer.announce(job, .scheduled, now: now)
            }
        }
        return inserted.map(\.termination)
    }

    /// Ends sessions now: queues the job due at once and returns when it has fired.
    public func terminateNow(_ request: TerminationRequest) async throws -> Termination {
        var request = request
        request.dueAt = clock.now()
        request.immediate = true
        request.notices = NoticePlan.none
        let job = try await schedule(request)
        await process(now: clock.now())
        return try storeCall { try store.termination(job.id) } ?? job
    }

    private func audit(refusal error: SchedulerError, of request: TerminationRequest, at now: Date) {
        let target: String
        switch request.target {
        case .sessions(let ids): target = "sessions " + ids.joined(separator: ", ")
        case .user(let name, _): target = "user \(name)"
        case .group(let name, _): target = "group \(name)"
        case .all: target = "all sessions"
        }
        let entry = AuditEntry(
            at: now,
            actor: request.caller,
            action: .refused,
            target: target,
            targetUser: { if case .user(let name, _) = request.target { name } else { nil } }(),
            reason: request.reason,
            result: error.message
        )
        do {
            try store.appendAudit(entry)
        } catch {
            logger.error("cannot audit a refused request: \(error)")
        }
    }

    /// Cancels a scheduled job and tells its users.
    public func cancel(_ id: TerminationID, by caller: Caller) async throws -> Termination {
        let now = clock.now()
        let job = try storeCall { try store.cancel(id, by: caller, at: now) }
        policies.finished(id)
        queue.remove(id)
        rearm()
        await announcer.announce(job, .cancelled, now: now)
        return job
    }

    /// Moves a scheduled job to a new due time and tells its users.
    public func reschedule(_ id: TerminationID, to due: Date, by caller: Caller) async throws -> Termination {
        let now = clock.now()
        guard due >= now else {
            throw SchedulerError(
                .invalid,
                "the new due time \(TimeText.absolute(due)) is in the past; give a future time"
            )
        }
        let before = try storeCall { try store.termination(id) }
        let job = try storeCall { try store.reschedule(id, to: due, by: caller, at: now) }
        queue.schedule(id, due: job.dueAt, notices: job.notices, nextNotice: job.nextNotice)
        rearm()
        await announcer.announce(job, .rescheduled(from: before?.dueAt ?? due), now: now)
        return job
    }

    /// Turns store refusals into scheduler errors callers can map to replies.
    func storeCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            switch error.code {
            case .notFound: throw SchedulerError(.notFound, error.message)
            case .conflict, .idempotencyMismatch: throw SchedulerError(.conflict, error.message)
            case .unreadable, .newerSchema, .diskFull: throw error
            }
        }
    }

    func liveSessions() async throws -> [Session] {
        do {
            return try await sessions.list()
        } catch {
            throw SchedulerError(.unavailable, "cannot list sessions from logind: \(error)")
        }
    }

    private func draft(_ request: TerminationRequest, live: [Session], now: Date) throws -> TerminationDraft {
        guard request.dueAt >= now.addingTimeInterval(-1) else {
            throw SchedulerError(
                .invalid,
                "the due time \(TimeText.absolute(request.dueAt)) is in the past; give a future time or now"
            )
        }
        guard request.reason.count <= TerminationRequest.reasonLimit else {
            throw SchedulerError(
                .invalid,
                "the reason is \(request.reason.count) characters long; at most \(TerminationRequest.reasonLimit) are accepted"
            )
        }
        do {
            try request.hold?.check(dueAt: max(request.dueAt, now), now: now)
        } catch {
            throw SchedulerError(.invalid, error.message)
        }
        let target: Target
        switch request.target {
        case .sessions(let ids):
            target = .sessions(try freeze(ids, live: live))
        case .user(let name, let filter):
            guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "/" }) else {
                throw SchedulerError(.invalid, "'\(name)' is not a user name")
            }
            guard !config.isProtected(name) else {
                throw SchedulerError(
                    .invalid,
                    "user \(name) is protected and is never terminated (root, and protected_users in the configuration)"
                )
            }
            target = .user(name, filter)
        case .group(let name, let filter):
            try checkGroup(name)
            target = .group(name, filter)
        case .all(let filter):
            target = .all(filter)
        }
        return TerminationDraft(
            target: target,
            dueAt: max(request.dueAt, now),
            reason: request.reason,
            notices: request.notices ?? config.notices,
            caller: request.caller,
            dryRun: request.dryRun || config.dryRun,
            immediate: request.immediate,
            idempotency: request.idempotency,
            hold: request.hold
        )
    }

    /// A group target must name a group NSS knows now; its members are looked up at the due time.
    private func checkGroup(_ name: String) throws {
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "/" || $0 == ":" })
        else {
            throw SchedulerError(.invalid, "'\(name)' is not a group name; name a Unix group such as students")
        }
        guard directory.groupExists(name) else {
            throw SchedulerError(
                .invalid,
                "group \(name) is not known on this host (getent group \(name) finds nothing); name a Unix group known to NSS (/etc/group, sssd, LDAP)"
            )
        }
    }

    /// Pins session ids to the sessions they name now, so a session opened later is never hit.
    private func freeze(_ ids: [String], live: [Session]) throws -> [SessionRef] {
        guard !ids.isEmpty else { throw SchedulerError(.invalid, "no session ids given; name at least one") }
        var refs: [SessionRef] = []
        for id in ids where !refs.contains(where: { $0.id == id }) {
            guard let session = live.first(where: { $0.id == id }) else {
                throw SchedulerError(.invalid, "there is no session '\(id)'; curfewctl sessions lists the current ones")
            }
            guard !config.isProtected(session.user) else {
                throw SchedulerError(
                    .invalid,
                    "session \(id) belongs to \(session.user), who is protected and never terminated"
                )
            }
            refs.append(SessionRef(session))
        }
        return refs
    }
}
