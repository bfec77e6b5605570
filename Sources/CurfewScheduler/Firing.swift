import CurfewCore
import CurfewStore
import Foundation
import Logging

/// Ends the sessions of jobs that began firing. `firing` is already written when this runs; the chosen sessions are
/// written before any is ended, and each outcome after its session is ended. A crash anywhere resumes from what was
/// written: no session is ended twice by a choice made twice, and none chosen is skipped.
struct Firing: Sendable {
    let store: TerminationStore
    let sessions: any LoginSessions
    let announcer: Announcer
    let clock: any SchedulerClock
    let logger: Logger

    /// Jobs whose sessions are chosen and written in one transaction. Small enough that a job falling due meanwhile
    /// waits for the store's one writer no more than a millisecond or two.
    static let batchSize = 8

    /// Carries firing jobs to their end from wherever each is; returns those to try again later (logind or the store
    /// failed). Sessions are listed once for a batch, and the choices of a batch are written in one transaction.
    func finish(_ ids: [TerminationID]) async -> [TerminationID] {
        var failed: [TerminationID] = []
        for start in stride(from: 0, to: ids.count, by: Self.batchSize) {
            failed += await finishBatch(Array(ids[start..<min(start + Self.batchSize, ids.count)]))
        }
        return failed
    }

    private func finishBatch(_ ids: [TerminationID]) async -> [TerminationID] {
        let loaded: [(job: Termination, resolved: Bool)]
        do {
            loaded = try store.firingJobs(ids)
        } catch {
            logger.error("firing \(ids.count) terminations failed: \(error); will retry")
            return ids
        }
        var failed: [TerminationID] = []
        var workable = loaded
        var live: [Session] = []
        let needsSessions = loaded.filter { !$0.resolved || $0.job.sessions.contains { $0.result == .pending } }
        if !needsSessions.isEmpty {
            if let listed = await liveSessions(for: needsSessions.map(\.job.id)) {
                live = listed
            } else {
                failed = needsSessions.map(\.job.id)
                workable.removeAll { job in failed.contains(job.job.id) }
            }
        }
        var jobs: [Termination] = []
        var resolutions: [TerminationStore.Resolution] = []
        for (job, resolved) in workable {
            guard resolved else {
                resolutions.append(await resolution(of: job, from: live))
                continue
            }
            do {
                try markEndedMeanwhile(job, live: live)
                jobs.append(try store.termination(job.id) ?? job)
            } catch {
                logger.error("firing termination \(job.id) failed: \(error); will retry")
                failed.append(job.id)
            }
        }
        do {
            jobs += try store.recordResolutions(resolutions, at: clock.now())
        } catch {
            logger.error("firing \(resolutions.count) terminations failed: \(error); will retry")
            failed += resolutions.map(\.id)
        }
        for job in jobs where await end(job) == .retry {
            failed.append(job.id)
        }
        return failed
    }

    private enum Outcome {
        case finished
        /// logind or the store failed; try this job again later.
        case retry
    }

    /// The sessions a job ends, chosen from those alive now; the final notice goes out just before they end, and
    /// its record is written with the choice.
    private func resolution(of job: Termination, from live: [Session]) async -> TerminationStore.Resolution {
        let chosen = choose(for: job, from: live)
        let ending = live.filter { session in
            chosen.contains { $0.sessionID == session.id && [.pending, .dryRun].contains($0.result) }
        }
        let notice =
            ending.isEmpty && !job.dryRun ? nil : await announcer.deliver(job, .final, now: clock.now(), to: ending)
        return TerminationStore.Resolution(job.id, sessions: chosen, notice: notice)
    }

    /// Ends the chosen sessions still pending, each outcome written after its session is ended, then the job.
    private func end(_ job: Termination) async -> Outcome {
        guard job.state == .firing else { return finished(job) }
        do {
            for outcome in job.sessions where outcome.result == .pending {
                try store.recordOutcome(job.id, await end(outcome))
            }
            return finished(try store.finishFiring(job.id, at: clock.now()))
        } catch {
            logger.error("firing termination \(job.id) failed: \(error); will retry")
            return .retry
        }
    }

    /// Resuming after a crash: a pending session that ended, or whose id now names another session, is gone; it
    /// must not be ended twice.
    private func markEndedMeanwhile(_ job: Termination, live: [Session]) throws {
        let groupsOf = announcer.directory.groupLookup()
        for outcome in job.sessions where outcome.result == .pending {
            guard !live.contains(where: { $0.id == outcome.sessionID && job.target.matches($0, groupsOf: groupsOf) })
            else { continue }
            try store.recordOutcome(
                job.id,
                SessionOutcome(sessionID: outcome.sessionID, user: outcome.user, result: .gone, at: clock.now())
            )
        }
    }

    private func liveSessions(for ids: [TerminationID]) async -> [Session]? {
        do {
            return try await sessions.list()
        } catch {
            let which = ids.count == 1 ? "termination \(ids[0])" : "\(ids.count) terminations"
            logger.warning("logind unreachable while firing \(which): \(error)")
            return nil
        }
    }

    /// The sessions a job ends, as outcomes: pending for those to end, decided for protected ones and dry runs.
    func choose(for job: Termination, from live: [Session]) -> [SessionOutcome] {
        let config = announcer.config
        var outcomes = job.target.resolve(live, directory: announcer.directory).map { session in
            let result: SessionOutcome.Result =
                config.isProtected(session.user) ? .skippedProtected : job.dryRun ? .dryRun : .pending
            return SessionOutcome(
                sessionID: session.id,
                user: session.user,
                result: result,
                at: result == .pending ? nil : clock.now(),
                tty: session.tty,
                remoteHost: session.remoteHost
            )
        }
        // A frozen session that no longer exists (or whose id now names a newer session) is gone, not an error.
        if case .sessions(let refs) = job.target {
            for ref in refs where !outcomes.contains(where: { $0.sessionID == ref.id }) {
                outcomes.append(SessionOutcome(sessionID: ref.id, user: ref.user, result: .gone, at: clock.now()))
            }
        }
        return outcomes
    }

    private func end(_ outcome: SessionOutcome) async -> SessionOutcome {
        var outcome = outcome
        do {
            let result = try await sessions.terminate(sessionID: outcome.sessionID)
            outcome.result = result == .terminated ? .terminated : .gone
        } catch {
            outcome.result = .failed
            outcome.error = "\(error)"
        }
        outcome.at = clock.now()
        return outcome
    }

    private func finished(_ job: Termination) -> Outcome {
        for outcome in job.sessions {
            SchedulerMetrics.sessions(outcome.result).increment()
        }
        SchedulerMetrics.finished(job.state).increment()
        // A job held up (logind unreachable) says by how much; its outcomes and history carry the same times.
        let late = clock.now().timeIntervalSince(job.dueAt)
        let delay = late >= 1 ? ", \(DurationText.spoken(late)) after its due time" : ""
        logger.info("termination \(job.id) \(job.state.rawValue): \(summary(job.sessions))\(delay)")
        return .finished
    }

    private func summary(_ outcomes: [SessionOutcome]) -> String {
        guard !outcomes.isEmpty else { return "no sessions" }
        let counts = Dictionary(grouping: outcomes, by: \.result).map { "\($0.value.count) \($0.key.rawValue)" }
        return counts.sorted().joined(separator: ", ")
    }
}
