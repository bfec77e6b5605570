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

    enum Outcome: Equatable {
        case finished
        /// logind or the store failed; try this job again later.
        case retry
    }

    /// Carries a firing job to its end from wherever it is.
    func finish(_ id: TerminationID) async -> Outcome {
        do {
            guard var job = try store.termination(id), job.state == .firing else { return .finished }
            let resolved = try store.isResolved(id)
            if !resolved || job.sessions.contains(where: { $0.result == .pending }) {
                guard let live = await liveSessions(for: id) else { return .retry }
                if resolved {
                    try markEndedMeanwhile(job, live: live)
                    job = try store.termination(id) ?? job
                } else {
                    let chosen = choose(for: job, from: live)
                    let ending = live.filter { session in
                        chosen.contains { $0.sessionID == session.id && [.pending, .dryRun].contains($0.result) }
                    }
                    // The final notice goes out just before the sessions end; its record is written with the choice.
                    let notice =
                        ending.isEmpty && !job.dryRun
                        ? nil : await announcer.deliver(job, .final, now: clock.now(), to: ending)
                    job = try store.recordResolution(id, sessions: chosen, notice: notice, at: clock.now())
                }
            }
            guard job.state == .firing else { return finished(job) }
            for outcome in job.sessions where outcome.result == .pending {
                try store.recordOutcome(id, await end(outcome))
            }
            return finished(try store.finishFiring(id, at: clock.now()))
        } catch {
            logger.error("firing termination \(id) failed: \(error); will retry")
            return .retry
        }
    }

    /// Resuming after a crash: a pending session that ended, or whose id now names another session, is gone; it
    /// must not be ended twice.
    private func markEndedMeanwhile(_ job: Termination, live: [Session]) throws {
        for outcome in job.sessions where outcome.result == .pending {
            guard !live.contains(where: { $0.id == outcome.sessionID && job.target.matches($0) }) else { continue }
            try store.recordOutcome(
                job.id,
                SessionOutcome(sessionID: outcome.sessionID, user: outcome.user, result: .gone, at: clock.now())
            )
        }
    }

    private func liveSessions(for id: TerminationID) async -> [Session]? {
        do {
            return try await sessions.list()
        } catch {
            logger.warning("logind unreachable while firing termination \(id): \(error)")
            return nil
        }
    }

    /// The sessions a job ends, as outcomes: pending for those to end, decided for protected ones and dry runs.
    func choose(for job: Termination, from live: [Session]) -> [SessionOutcome] {
        let config = announcer.config
        var outcomes = live.filter { job.target.matches($0) }.map { session in
            let result: SessionOutcome.Result =
                config.isProtected(session.user) ? .skippedProtected : job.dryRun ? .dryRun : .pending
            return SessionOutcome(
                sessionID: session.id,
                user: session.user,
                result: result,
                at: result == .pending ? nil : clock.now()
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
