import CurfewCore
import CurfewStore
import Foundation
import Logging

/// Tells the people affected by a job, and records what they were told. Runs off the scheduler's actor, so a slow
/// terminal or logind never delays the alarm.
struct Announcer: Sendable {
    let store: TerminationStore
    let sessions: any LoginSessions
    let notifier: any NoticeDelivery
    let config: Configuration
    let directory: any UserDirectory
    let logger: Logger

    /// The live sessions a job would end now, protected users left out.
    func affected(by job: Termination, in live: [Session]) -> [Session] {
        job.target.resolve(live, directory: directory).filter { !config.isProtected($0.user) }
    }

    /// Sends a notice about `job` to its sessions (looked up now unless given) and records it; in a dry run only
    /// records it.
    /// Runs on the caller's executor: a request's notice costs no extra thread hop.
    nonisolated(nonsending) func announce(
        _ job: Termination,
        _ kind: NoticeKind,
        now: Date,
        to known: [Session]? = nil
    ) async {
        let recipients: [Session]
        if let known {
            recipients = known
        } else {
            guard let live = try? await sessions.list() else {
                logger.warning("notice \(kind.name) for termination \(job.id) not sent: logind unreachable")
                return
            }
            recipients = affected(by: job, in: live)
        }
        // Nobody to tell: nothing to send and nothing to record.
        guard !recipients.isEmpty else { return }
        do {
            try store.recordNotice(await deliver(job, kind, now: now, to: recipients))
        } catch let error as StoreError where error.code == .diskFull {
            logger.warning("notice \(kind.name) for termination \(job.id) sent, not recorded: disk full")
        } catch {
            logger.error("cannot record notice \(kind.name) for termination \(job.id): \(error)")
        }
    }

    /// Sends a notice to the recipients' terminals and desktops (none in a dry run) and returns the record to keep of
    /// it, with how each session fared.
    nonisolated(nonsending) func deliver(
        _ job: Termination,
        _ kind: NoticeKind,
        now: Date,
        to recipients: [Session]
    ) async -> NoticeRecord {
        let notice = Notice(
            kind: kind,
            termination: job.id,
            dueAt: job.dueAt,
            reason: job.reason,
            contact: config.contact
        )
        let receipts = job.dryRun || recipients.isEmpty ? [] : await notifier.deliver(notice, to: recipients)
        SchedulerMetrics.notices(kind).increment(by: receipts.count(where: \.reached))
        for receipt in receipts where !receipt.reached {
            logger.info(
                "notice \(kind.name) for termination \(job.id) did not reach session \(receipt.sessionID): \(receipt.delivery.rawValue): \(receipt.detail ?? "")"
            )
        }
        return NoticeRecord(
            termination: job.id,
            kind: kind,
            at: now,
            sessions: recipients.map(\.id),
            receipts: receipts,
            dryRun: job.dryRun
        )
    }

    /// A notice plan step came due: recorded as sent first, so a restart never sends it twice. With the disk full it
    /// cannot be recorded and is sent all the same: a user warned twice after a restart is better than one not warned
    /// at all before a termination that fires from the reserve.
    func sendStep(_ id: TerminationID, step: Int, lead: Int, now: Date) async {
        do {
            do {
                try store.advanceNotice(id, to: step + 1)
            } catch let error as StoreError where error.code == .diskFull {
                logger.warning(
                    "notice step \(DurationText.format(lead)) for termination \(id) sent unrecorded: disk full"
                )
            }
            guard let job = try store.termination(id), job.state == .scheduled else { return }
            await announce(job, .step(lead: lead), now: now)
        } catch {
            logger.error("notice step \(DurationText.format(lead)) for termination \(id) failed: \(error)")
        }
    }
}
