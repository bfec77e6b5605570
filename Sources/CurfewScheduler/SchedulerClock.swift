import Foundation

/// The wall clock and the one alarm the scheduler sets on it. Production uses `DispatchWallClock`; tests a manual
/// clock that they advance by hand.
public protocol SchedulerClock: Sendable {
    func now() -> Date
    /// Sets the alarm to go off at `deadline` (at once if it has passed), replacing any earlier setting.
    func arm(at deadline: Date)
    /// Clears the alarm.
    func disarm()
    /// What runs when the alarm goes off. Set once, before the first `arm`.
    func onAlarm(_ handler: @escaping @Sendable () async -> Void)
}
