import ArgumentParser
import Foundation

/// The admin's command line for curfewd: `curfewctl <subcommand>`.
public struct Curfewctl: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "curfewctl",
        abstract: "Schedule, inspect and cancel the end of login sessions.",
        discussion: """
            curfewctl talks to curfewd over its Unix socket. It shows tables with local time, UTC and the time \
            left; --json prints the daemon's JSON reply as it came. Ending sessions now asks for confirmation \
            when standard input is a terminal (--yes skips the question; without a terminal, --yes is required).

            The socket is --socket, else $CURFEW_SOCKET, else /run/curfew/curfewd.sock when it exists, else \
            .curfew/run/curfewd.sock (curfewd run by hand in this directory).

            EXIT STATUS
              0  Success.
              1  Refused or failed: curfewd answered with an error (any 4xx or 5xx:
                 an unknown id, a time in the past, a protected user, a job that can
                 no longer be cancelled...), a termination this command ran ended
                 failed, or ending sessions now was not confirmed.
              2  Usage: the command line is wrong (unknown or conflicting options,
                 an unreadable duration, notice plan or id).
              3  curfewd could not be reached at the socket (not running, wrong
                 path, no permission); the message names the socket.
            """,
        version: "0.1.0",
        subcommands: [
            Sessions.self, Terminate.self, List.self, Show.self, Cancel.self, Reschedule.self, Audit.self,
            Events.self, Status.self, Me.self, Policies.self, Time.self, Holds.self, Hold.self, PamAccount.self,
            PamSession.self, Fleet.self,
        ]
    )

    /// Runs curfewctl with the process's arguments and exits with its status.
    public static func main() async {
        let status = await invoke(Array(CommandLine.arguments.dropFirst()))
        // An ExitCode as the error exits with that code and prints nothing: `invoke` has said everything.
        exit(withError: status.isSuccess ? nil : status)
    }

    /// Parses and runs one command line on `Console.current`, reporting any error there, and returns the exit status
    /// (see the discussion above) instead of exiting, so tests can run commands in process.
    public static func invoke(_ arguments: [String]) async -> ExitCode {
        let console = Console.current
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return .success
        } catch let failure as CommandFailure {
            console.printError("curfewctl: \(failure.message)")
            return failure.exitCode
        } catch {
            // Help, --version, completion scripts and usage errors, as ArgumentParser words them.
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code.isSuccess {
                if !text.isEmpty { console.print(text) }
                return .success
            }
            if !text.isEmpty { console.printError(text) }
            return code == .validationFailure ? .usage : code
        }
    }
}
