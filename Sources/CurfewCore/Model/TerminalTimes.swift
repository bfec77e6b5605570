import Foundation

/// A terminal device's access and modification times: a key typed (read) moves the access time, output written
/// moves the modification time. The kernel updates them at most once every 8 seconds, so activity is known to
/// that resolution.
public struct TerminalActivity: Sendable, Equatable {
    public var input: Date
    public var output: Date

    public init(input: Date, output: Date) {
        self.input = input
        self.output = output
    }
}

/// Reads a terminal's times: stat(2) on /dev/TTY in production, a table in tests.
public protocol TerminalTimes: Sendable {
    /// The times of `tty` (as logind names it: pts/3, tty2), nil when it cannot be read.
    func activity(of tty: String) -> TerminalActivity?
}
