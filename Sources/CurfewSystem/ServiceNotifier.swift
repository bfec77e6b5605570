import CSystemd
import Foundation

/// Tells systemd how the service is doing (sd_notify): READY, STATUS, WATCHDOG, RELOADING, EXTEND_TIMEOUT_USEC,
/// STOPPING. Without NOTIFY_SOCKET (not run by systemd) every call is a no-op, as sd_notify itself does.
public struct ServiceNotifier: Sendable {
    public init() {}

    public func ready(status: String) throws(SystemCallError) {
        try send("READY=1\nSTATUS=\(Self.clean(status))")
    }

    public func status(_ status: String) throws(SystemCallError) {
        try send("STATUS=\(Self.clean(status))")
    }

    /// The service is alive; systemd restarts it when these stop coming for `WatchdogSec=`.
    public func watchdog() throws(SystemCallError) {
        try send("WATCHDOG=1")
    }

    /// A reload begins. systemd (253 and later) wants the CLOCK_MONOTONIC time with it, to tell this reload from
    /// an earlier one; READY=1 ends it.
    public func reloading(status: String) throws(SystemCallError) {
        try send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())\nSTATUS=\(Self.clean(status))")
    }

    /// Asks for `seconds` more before the start (or stop) times out; sent again while the work makes progress.
    public func extendTimeout(by seconds: Double, status: String) throws(SystemCallError) {
        try send("EXTEND_TIMEOUT_USEC=\(UInt64(seconds * 1_000_000))\nSTATUS=\(Self.clean(status))")
    }

    public func stopping() throws(SystemCallError) {
        try send("STOPPING=1")
    }

    /// The watchdog interval systemd set (`WatchdogSec=`, passed as WATCHDOG_USEC for this process), or nil when
    /// there is no watchdog.
    public static func watchdogInterval() throws(SystemCallError) -> Duration? {
        var usec: UInt64 = 0
        guard try sd("sd_watchdog_enabled", { sd_watchdog_enabled(0, &usec) }) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }

    private func send(_ state: String) throws(SystemCallError) {
        try sd("sd_notify") { sd_notify(0, state) }
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    /// A STATUS value is one line.
    private static func clean(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
