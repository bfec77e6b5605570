import CurfewCore
import Foundation
import Glibc

/// A terminal's times from stat(2) on its device node: access time for input, modification time for output. The
/// kernel moves them at most once every 8 seconds (tty_update_time), so that is the resolution of idle checks.
public struct DeviceTerminalTimes: TerminalTimes {
    public init() {}

    public func activity(of tty: String) -> TerminalActivity? {
        guard let name = TerminalName(tty) else { return nil }
        var info = stat()
        guard stat(name.path, &info) == 0 else { return nil }
        return TerminalActivity(input: Self.date(info.st_atim), output: Self.date(info.st_mtim))
    }

    private static func date(_ time: timespec) -> Date {
        Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1_000_000_000)
    }
}
