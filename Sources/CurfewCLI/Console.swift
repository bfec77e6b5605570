import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a command reads from and writes to, and the clock and zone it shows times in.
///
/// Commands reach it as `Console.current`, a task-local, so tests run them in process with a captured transcript,
/// a fixed instant and a fixed time zone.
public struct Console: Sendable {
    /// Writes to standard output; the text carries its own newlines.
    public var write: @Sendable (String) -> Void
    /// Writes to standard error; the text carries its own newlines.
    public var writeError: @Sendable (String) -> Void
    /// Whether a person can answer a question: standard input is a terminal.
    public var isInteractive: Bool
    /// Reads one line of standard input; nil at end of input.
    public var readLine: @Sendable () -> String?
    public var now: @Sendable () -> Date
    public var timeZone: TimeZone
    public var environment: [String: String]

    public init(
        write: @escaping @Sendable (String) -> Void,
        writeError: @escaping @Sendable (String) -> Void,
        isInteractive: Bool,
        readLine: @escaping @Sendable () -> String?,
        now: @escaping @Sendable () -> Date,
        timeZone: TimeZone,
        environment: [String: String]
    ) {
        self.write = write
        self.writeError = writeError
        self.isInteractive = isInteractive
        self.readLine = readLine
        self.now = now
        self.timeZone = timeZone
        self.environment = environment
    }

    /// The process's own standard streams, clock, zone and environment.
    public static let standard = Console(
        write: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        },
        writeError: { text in
            FileHandle.standardError.write(Data(text.utf8))
        },
        isInteractive: isatty(0) == 1,
        readLine: { Swift.readLine(strippingNewline: true) },
        now: { Date() },
        timeZone: .current,
        environment: ProcessInfo.processInfo.environment
    )

    @TaskLocal public static var current = Console.standard

    /// Writes one line to standard output.
    func print(_ line: String) {
        write(line + "\n")
    }

    /// Writes one line to standard error.
    func printError(_ line: String) {
        writeError(line + "\n")
    }

    /// How times are shown on this console right now.
    var rendering: Rendering {
        Rendering(now: now(), timeZone: timeZone)
    }
}
