import CurfewCore
import CurfewStore
import Foundation

/// Telling the people affected: who they are now, and what they were told.
extension Scheduler {
    /// The live sessions a job would end now, protected users left out.
    func affected(by job: Termination, in live: [Session]) -> [Session] {
        live.filter { job.target.matches($0) && !config.isProtected($0.user) }
    }

    /// Sends a notice about `job` to its sessions and records it; in a dry run only records it.
    func announce(_ job: Termination, _ kind: NoticeKind, now: Date, to known: [Session]? = nil) async {
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
        let notice = Notice(kind: kind, termination: job.id, dueAt: job.dueAt, reason: job.reason, contact: config.contact)
        let delivered = job.dryRun || recipients.isEmpty ? 0 : await notifier.deliver(notice, to: recipients)
        let record = NoticeRecord(
            termination: job.id,
            kind: kind,
            at: now,
            sessions: recipients.map(\.id),
            delivered: delivered,
            dryRun: job.dryRun
        )
        do {
            try store.recordNotice(record)
        } catch {
            logger.error("cannot record notice \(kind.name) for termination \(job.id): \(error)")
        }
    }

    /// A notice plan step came due.
    func sendStep(_ id: TerminationID, step: Int, lead: Int, now: Date) async {
        do {
            try store.advanceNotice(id, to: step + 1)
            guard let job = try store.termination(id), job.state == .scheduled else { return }
            await announce(job, .step(lead: lead), now: now)
        } catch {
            logger.error("notice step \(DurationText.format(lead)) for termination \(id) failed: \(error)")
        }
    }
}
