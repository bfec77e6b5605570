import ArgumentParser

/// The exit codes scripts can rely on; the root command's discussion documents them.
extension ExitCode {
    /// The daemon refused the request, or a termination this command ran ended `failed`.
    public static let refused = ExitCode(1)
    /// The command line was wrong (ArgumentParser's own usage code is EX_USAGE, 64; curfewctl says 2).
    public static let usage = ExitCode(2)
    /// The daemon's socket could not be reached.
    public static let unreachable = ExitCode(3)
}

/// A command that could not do what was asked: printed as `curfewctl: <message>` on stderr, then exit with `exitCode`.
public struct CommandFailure: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var exitCode: ExitCode

    public init(_ message: String, exitCode: ExitCode = .refused) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }

    /// curfewd could not be reached at `socketPath`; the hint says what usually helps.
    static func unreachable(_ socketPath: String, because reason: String, hint: String) -> CommandFailure {
        CommandFailure("cannot reach curfewd at \(socketPath): \(reason) (\(hint))", exitCode: .unreachable)
    }
}
