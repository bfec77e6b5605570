import CSystemd
import Foundation

/// Tells systemd how the service is doing (sd_notify): READY, STATUS, WATCHDOG, RELOADING, STOPPING.
/// Without NOTIFY_SOCKET (not run by systemd) every call is a no-op, as sd_notify itself does.
public struct ServiceNotifier: Sendable {
    public init() {}

    public func ready(status: String) throws(SystemCallError) {
        try send("READY=1\nSTATUS=\(Self.clean(status))")
    }

    public func status(_ status: String) throws(SystemCallError) {
        try send("STATUS=\(Self.clean(status))")
    }

    public func stopping() throws(SystemCallError) {
        try send("STOPPING=1")
    }

    private func send(_ state: String) throws(SystemCallError) {
        try sd("sd_notify") { sd_notify(0, state) }
    }

    /// A STATUS value is one line.
    private static func clean(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
