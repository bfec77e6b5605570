import CurfewCore
import CurfewStore
import Foundation

/// Scheduling, cancelling and rescheduling: checked, written durably, then put in the queue and announced.
extension Scheduler {
    /// Queues one termination; it is durable when this returns.
    public func schedule(_ request: TerminationRequest) async throws -> Termination {
        try await schedule([request])[0]
    }

    /// Queues many terminations in one transaction; all are checked first, and none is queued if one is refused.
    public func schedule(_ requests: [TerminationRequest]) async throws -> [Termination] {
        let now = clock.now()
        let needsSessions = requests.contains { if case .sessions = $0.target { true } else { false } }
        let live = needsSessions ? try await liveSessions() : []
        let drafts = try requests.map { try draft($0, live: live, now: now) }
        let jobs = try store.insert(drafts, at: now)
        for job in jobs {
            queue.schedule(job.id, due: job.dueAt, notices: job.notices, nextNotice: job.nextNotice)
        }
        rearm()
        if !(jobs.count > 1 && jobs.allSatisfy(\.dryRun)) {
            for job in jobs { await announcer.announce(job, .scheduled, now: now) }
        }
        return jobs
    }

    /// Cancels a scheduled job and tells its users.
    public func cancel(_ id: TerminationID, by caller: Caller) async throws -> Termination {
        let now = clock.now()
        let job = try storeCall { try store.cancel(id, by: caller, at: now) }
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
            case .conflict: throw SchedulerError(.conflict, error.message)
            case .unreadable, .newerSchema: throw error
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
        case .all(let filter):
            target = .all(filter)
        }
        return TerminationDraft(
            target: target,
            dueAt: max(request.dueAt, now),
            reason: request.reason,
            notices: request.notices ?? config.notices,
            caller: request.caller,
            dryRun: request.dryRun || config.dryRun
        )
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
