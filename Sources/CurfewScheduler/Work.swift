import CurfewCore
import Foundation

/// The slow part of one alarm: notice steps, then the due jobs in due order. Runs on the global executor, not on the
/// scheduler's actor.
struct Work: Sendable {
    let announcer: Announcer
    let firing: Firing

    /// Returns the jobs that could not be finished and must be tried again.
    @concurrent
    func run(
        steps: [(TerminationID, step: Int, lead: Int)],
        firing ids: [TerminationID],
        now: Date
    ) async -> [TerminationID] {
        for (id, step, lead) in steps {
            await announcer.sendStep(id, step: step, lead: lead, now: now)
        }
        var failed: [TerminationID] = []
        for id in ids where await firing.finish(id) == .retry {
            failed.append(id)
        }
        return failed
    }
}
