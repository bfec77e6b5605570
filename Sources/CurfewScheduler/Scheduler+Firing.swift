import CurfewCore
import CurfewStore
import Foundation

/// Firing: `firing` is written before any session is touched, the chosen sessions are written before any is ended,
/// and each outcome after its session is ended. A crash anywhere resumes from what was written: no session is ended
/// twice by a choice made twice, and none chosen is skipped.
extension Scheduler {
    /// Begins firing due jobs in one transaction, then ends their sessions.
    func fire(_ ids: [TerminationID], now: Date) async {
        let started: [Termination]
        do {
            started = try store.beginFiring(ids, at: now)
        } catch {
            // Nothing was written; the jobs are still scheduled in the store, so try again shortly.
            logger.error("cannot start firing \(ids.count) terminations: \(error)")
            for id in ids { queue.resume(id, at: now.addingTimeInterval(nextRetryDelay())) }
            rearm()
            return
        }
        for job in started {
            logger.info("firing termination \(job.id) (\(job.target.summary))")
            await finishFiring(job.id)
        }
    }

    /// Carries a firing job to its end from wherever it is: chooses its sessions if that is not written yet, ends
    /// those still pending, and closes the job.
    func finishFiring(_ id: TerminationID) async {
        do {
            if try !store.isResolved(id), try store.termination(id)?.state == .scheduled {
                // A job whose firing could not be written: begin it now.
                guard try !store.beginFiring([id], at: clock.now()).isEmpty else { return }
            }
            guard var job = try store.termination(id), job.state == .firing else { return }
            let resolved = try store.isResolved(id)
            if !resolved || job.sessions.contains(where: { $0.result == .pending }) {
                guard let live = await listOrRetry(id) else { return }
                if resolved {
                    // Resuming after a crash: a pending session that ended, or whose id now names another session,
                    // is gone; it must not be ended twice.
                    for outcome in job.sessions where outcome.result == .pending {
                        guard !live.contains(where: { $0.id == outcome.sessionID && job.target.matches($0) }) else { continue }
                        try store.recordOutcome(id, SessionOutcome(sessionID: outcome.sessionID, user: outcome.user, result: .gone, at: clock.now()))
                    }
                } else {
                    job = try store.recordResolution(id, sessions: choose(for: job, from: live), at: clock.now())
                    let ending = live.filter { session in
                        job.sessions.contains { $0.sessionID == session.id && [.pending, .dryRun].contains($0.result) }
                    }
                    if !ending.isEmpty || job.dryRun {
                        await announce(job, .final, now: clock.now(), to: ending)
                    }
                }
                job = try store.termination(id) ?? job
            }
            for outcome in job.sessions where outcome.result == .pending {
                try store.recordOutcome(id, await end(outcome))
            }
            let finished = try store.finishFiring(id, at: clock.now())
            logger.info("termination \(id) \(finished.state.rawValue): \(summary(finished.sessions))")
        } catch {
            logger.error("firing termination \(id) failed: \(error); retrying")
            queue.resume(id, at: clock.now().addingTimeInterval(nextRetryDelay()))
            rearm()
        }
    }

    /// The live sessions, or nil after arranging to try again with back-off when logind cannot be asked.
    private func listOrRetry(_ id: TerminationID) async -> [Session]? {
        do {
            let live = try await sessions.list()
            retryDelay = 1
            return live
        } catch {
            let delay = nextRetryDelay()
            logger.warning("logind unreachable while firing termination \(id), retrying in \(Int(delay)) s: \(error)")
            queue.resume(id, at: clock.now().addingTimeInterval(delay))
            rearm()
            return nil
        }
    }

    /// The sessions a job ends, as outcomes: pending for those to end, decided for protected ones and dry runs.
    func choose(for job: Termination, from live: [Session]) -> [SessionOutcome] {
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
            outcome.result = try await sessions.terminate(sessionID: outcome.sessionID) == .terminated ? .terminated : .gone
        } catch {
            outcome.result = .failed
            outcome.error = "\(error)"
        }
        outcome.at = clock.now()
        return outcome
    }

    private func summary(_ outcomes: [SessionOutcome]) -> String {
        guard !outcomes.isEmpty else { return "no sessions" }
        let counts = Dictionary(grouping: outcomes, by: \.result).map { "\($0.value.count) \($0.key.rawValue)" }
        return counts.sorted().joined(separator: ", ")
    }

    func nextRetryDelay() -> TimeInterval {
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, Self.maximumRetryDelay)
        return delay
    }
}
