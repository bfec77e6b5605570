import Foundation

extension Scheduler {
    /// logind answers again (it or the bus restarted): jobs waiting out their back-off after it failed are picked up
    /// now rather than when the back-off ends, so a job that fell due meanwhile fires as soon as logind is back. Its
    /// outcomes and `completed` carry the time they happened, which shows the delay.
    public func retryNow() {
        retryDelay = 1
        let moved = queue.resumeWaiting(at: clock.now())
        guard moved > 0 else { return }
        logger.info("logind is back: retrying \(moved) terminations now")
        rearm()
    }
}
