import CurfewScheduler
import Foundation
import Synchronization

/// A wall clock the test moves by hand. The alarm goes off, as the real timer would, when time reaches its deadline.
final class ManualClock: SchedulerClock {
    private struct State {
        var now: Date
        var deadline: Date?
        var handler: (@Sendable () async -> Void)?
        var armings = 0
    }

    private let state: Mutex<State>

    init(now: Date) {
        state = Mutex(State(now: now))
    }

    func now() -> Date { state.withLock { $0.now } }

    func arm(at deadline: Date) {
        state.withLock {
            $0.deadline = deadline
            $0.armings += 1
        }
    }

    func disarm() { state.withLock { $0.deadline = nil } }

    func onAlarm(_ handler: @escaping @Sendable () async -> Void) { state.withLock { $0.handler = handler } }

    /// Where the alarm is set, if it is.
    var deadline: Date? { state.withLock { $0.deadline } }
    /// How often it was set.
    var armings: Int { state.withLock { $0.armings } }

    /// Lets time pass until `time`, going off at each deadline on the way with the clock showing that deadline.
    func advance(to time: Date) async {
        while let deadline = takeDeadline(upTo: time) {
            await ring(at: deadline)
        }
        state.withLock { $0.now = max($0.now, time) }
    }

    func advance(by seconds: TimeInterval) async {
        await advance(to: now().addingTimeInterval(seconds))
    }

    /// Steps the clock (as NTP or an admin might), forward or back; an absolute alarm that is now due goes off.
    func step(to time: Date) async {
        state.withLock { $0.now = time }
        while let deadline = takeDeadline(upTo: time) {
            _ = deadline
            await ring(at: time)
        }
    }

    /// The alarm goes off although its deadline is not reached (a timer that fires early).
    func ringEarly() async {
        await ring(at: now())
    }

    private func takeDeadline(upTo time: Date) -> Date? {
        state.withLock { state in
            guard let deadline = state.deadline, deadline <= time else { return nil }
            state.deadline = nil
            return deadline
        }
    }

    private func ring(at time: Date) async {
        let handler = state.withLock { state in
            state.now = max(state.now, time)
            return state.handler
        }
        await handler?()
    }
}
