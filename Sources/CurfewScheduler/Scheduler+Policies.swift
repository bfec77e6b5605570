import CurfewCore
import CurfewStore
import Foundation

/// The standing policies: session changes and deadlines go in, ordinary terminations come out.
extension Scheduler {
    /// Puts the configured policies in force at start-up and takes up the terminations they queued before; those of a
    /// policy no longer configured are cancelled.
    func startPolicies(now: Date) async throws {
        await applyPolicies(now: now)
        var orphans: [PolicyAction] = []
        for job in try store.pendingPolicyTerminations() {
            guard case .sessions(let refs) = job.target, let ref = refs.first,
                let name = Policy.name(ofActor: job.caller.name)
            else { continue }
            if !policies.bind(job.id, policy: name, session: ref.id, due: job.dueAt) {
                orphans.append(.cancel(job.id, policy: name, why: "policy \(name) removed"))
            }
        }
        await carryOut(orphans, now: now)
    }

    /// A change from the session watcher.
    public func sessionsChanged(_ change: SessionChange) async {
        let now = clock.now()
        await carryOut(policies.apply(change, now: now), now: now)
        rearm()
    }

    /// The user database changed (/etc/passwd, shadow or group replaced).
    public func accountsChanged() async {
        let now = clock.now()
        await carryOut(policies.accountsChanged(now: now), now: now)
        rearm()
    }

    /// The configuration was reloaded: the policies in it are put in force; a removed policy's pending terminations
    /// are cancelled.
    public func reloadPolicies() async {
        await applyPolicies(now: clock.now())
        rearm()
    }

    private func applyPolicies(now: Date) async {
        let config = self.config
        let actions = policies.replace(
            config.policies,
            defaultNotices: config.notices,
            isProtected: { config.isProtected($0) },
            now: now
        )
        await carryOut(actions, now: now)
    }

    /// Pops the policy terminations among due queue events: each is asked again first (the terminal's times are read
    /// now); one that no longer holds is cancelled instead of announced or fired.
    func recheckPolicies(
        _ due: [(id: TerminationID, event: EventQueue.Event, time: Date)],
        now: Date
    ) async -> [(id: TerminationID, event: EventQueue.Event, time: Date)] {
        guard !policies.jobs.isEmpty else { return due }
        var kept: [(id: TerminationID, event: EventQueue.Event, time: Date)] = []
        for event in due {
            guard policies.owns(event.id), event.event != .resume else {
                kept.append(event)
                continue
            }
            let actions = policies.recheck(event.id, now: now)
            guard actions.isEmpty else {
                queue.remove(event.id)
                await carryOut(actions, now: now)
                continue
            }
            if event.event == .due {
                policies.finished(event.id)
            } else if let session = policies.session(of: event.id) {
                policies.noteWritten(to: session, at: now)
            }
            kept.append(event)
        }
        return kept
    }

    /// Does what the policies asked, through the ordinary paths: queueing, cancelling, auditing.
    func carryOut(_ actions: [PolicyAction], now: Date) async {
        var enforcements: [(PolicyEnforcement.Compiled, Session, TerminationRequest)] = []
        for action in actions {
            switch action {
            case .enforce(let compiled, let session, let due, let reason):
                let policy = compiled.policy
                let request = TerminationRequest(
                    target: .sessions([session.id]),
                    dueAt: due,
                    reason: String(reason.prefix(TerminationRequest.reasonLimit)),
                    notices: compiled.notices,
                    caller: policy.caller,
                    dryRun: policy.dryRun,
                    hold: policy.hold.map { .duration($0) }
                )
                enforcements.append((compiled, session, request))
                // The scheduled notice goes to the terminal at once: that output is curfew's, not the user's.
                policies.noteWritten(to: session.id, at: now)
            case .cancel(let id, let policy, let why):
                await cancel(id, policy: policy, why: why, now: now)
            case .alarm(let alarm):
                raise(alarm, now: now)
            }
        }
        guard !enforcements.isEmpty else { return }
        // One transaction for all; should one be refused (its session ended meanwhile), each on its own.
        if let jobs = try? await schedule(enforcements.map(\.2)) {
            for (job, (compiled, session, _)) in zip(jobs, enforcements) {
                bound(job, compiled, session, now: now)
            }
            return
        }
        for (compiled, session, request) in enforcements {
            do {
                bound(try await schedule(request), compiled, session, now: now)
            } catch {
                policies.unbind(policy: compiled.policy.name, session: session.id, now: now)
                logger.warning(
                    "policy \(compiled.policy.name) could not queue the end of session \(session.id): \(error)"
                )
            }
        }
    }

    private func bound(_ job: Termination, _ compiled: PolicyEnforcement.Compiled, _ session: Session, now: Date) {
        let name = compiled.policy.name
        SchedulerMetrics.policyEnforced(name).increment()
        guard policies.bind(job.id, policy: name, session: session.id, due: job.dueAt) else { return }
        logger.info(
            "policy \(name): session \(session.id) of \(session.user) ends at \(TimeText.absolute(job.dueAt)) (termination \(job.id))"
        )
    }

    private func cancel(_ id: TerminationID, policy: String, why: String, now: Date) async {
        do {
            let caller = Caller(uid: 0, name: Policy.actorPrefix + policy, pid: 0)
            let job = try storeCall { try store.cancel(id, by: caller, at: now, why: why) }
            queue.remove(id)
            SchedulerMetrics.policyRelieved(policy).increment()
            logger.info("policy \(policy) cancelled termination \(id): \(why)")
            await announcer.announce(job, .cancelled, now: now)
        } catch {
            logger.warning("policy \(policy) could not cancel termination \(id): \(error)")
        }
    }

    private func raise(_ alarm: PolicyAlarm, now: Date) {
        SchedulerMetrics.policyAlarms(alarm.policy).increment()
        logger.warning("policy \(alarm.policy): \(alarm.summary)")
        do {
            try store.recordAlarm(
                policy: alarm.policy,
                kind: .alarmIPSpread,
                user: alarm.user,
                summary: alarm.summary,
                addresses: alarm.addresses,
                at: now
            )
        } catch {
            logger.error("cannot record the alarm of policy \(alarm.policy): \(error)")
        }
    }

    // MARK: Views

    /// What each policy watches and does next, for `GET /v1/policies`.
    public func policyReports() -> [PolicyReport] {
        policies.reports(now: clock.now())
    }

    /// For each of these sessions, the policy that will end it first and when, if any.
    public func policyOutlook(for sessions: [String]) -> [String: PolicyOutlook] {
        let now = clock.now()
        var outlook: [String: PolicyOutlook] = [:]
        for id in sessions {
            if let next = policies.outlook(for: id, now: now) { outlook[id] = next }
        }
        return outlook
    }
}

/// Terminals that cannot be read: idle policies then never end terminal sessions. For tests and benchmarks that do
/// not exercise them.
public struct UnreadableTerminals: TerminalTimes {
    public init() {}
    public func activity(of tty: String) -> TerminalActivity? { nil }
}
