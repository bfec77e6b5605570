#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import CurfewClient

/// `curfewctl`: the calls admins make in loops and PAM makes at every login (terminate, pam-account, pam-session), answered by a program that starts in
/// about a millisecond (no Foundation time zones, no argument-parser reflection, no threads); every other command
/// line, and anything unusual on these (an error reply, a daemon that cannot be reached, an option it does not
/// know), goes to `curfewctl-full` unchanged, which words it as curfewctl always has.
public enum QuickCurfewctl {
    /// What the quick path made of a command line.
    enum Outcome: Equatable {
        /// Done: print this and exit 0, or exit 1 for a login refused.
        case done(output: String, status: Int32)
        /// The full curfewctl's to answer, with these variables added to its environment.
        case full(environment: [String: String])
    }

    public static func main() -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let environment = Self.environment()
        switch run(arguments, environment: environment, now: Date()) {
        case .done(let output, let status):
            if !output.isEmpty { write(output + "\n") }
            exit(status)
        case .full(let extra):
            FullCurfewctl.exec(arguments, adding: extra)
        }
    }

    static func run(_ arguments: [String], environment: [String: String], now: Date) -> Outcome {
        switch arguments.first {
        case "terminate":
            return QuickTerminate(arguments.dropFirst(), environment: environment)?.run(now: now)
                ?? .full(environment: [:])
        case "pam-account":
            return QuickPam(arguments.dropFirst(), environment: environment)?.account() ?? .full(environment: [:])
        case "pam-session":
            return QuickPam(arguments.dropFirst(), environment: environment)?.session() ?? .full(environment: [:])
        default:
            return .full(environment: [:])
        }
    }

    private static func environment() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }
}
