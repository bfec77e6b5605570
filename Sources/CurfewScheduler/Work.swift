import CurfewCore
import Foundation

/// The slow part of alarms: notice steps, then the due jobs in due order. Runs on the global executor, not on the
/// scheduler's actor.
struct Work: Sendable {
    let announcer: Announcer
    let firing: Firing

    /// What alarms left to do and no run has taken yet.
    struct Backlog: Sendable {
        var steps: [(TerminationID, step: Int, lead: Int)] = []
        var firing: [TerminationID] = []

        var isEmpty: Bool { steps.isEmpty && firing.isEmpty }
    }

    /// Returns the jobs that could not be finished and must be tried again.
    @concurrent
    func run(_ backlog: Backlog) async -> [TerminationID] {
        for (id, step, lead) in backlog.steps {
            await announcer.sendStep(id, step: step, lead: lead, now: firing.clock.now())
        }
        return await firing.finish(backlog.firing)
    }
}
