import Foundation
import Synchronization

@testable import CurfewCLI

/// A terminal for tests: records what a command writes and answers its questions from a script.
final class TestTerminal: Sendable {
    private struct State {
        var out = ""
        var err = ""
        var answers: [String]
    }

    private let state: Mutex<State>

    init(answers: [String] = []) {
        state = Mutex(State(answers: answers))
    }

    /// Standard output so far.
    var out: String { state.withLock { $0.out } }
    /// Standard error so far.
    var err: String { state.withLock { $0.err } }

    /// A console at `testNow` in `testZone` on this terminal.
    func console(interactive: Bool, environment: [String: String] = [:]) -> Console {
        Console(
            write: { text in self.state.withLock { $0.out += text } },
            writeError: { text in self.state.withLock { $0.err += text } },
            isInteractive: interactive,
            readLine: { self.state.withLock { $0.answers.isEmpty ? nil : $0.answers.removeFirst() } },
            now: { testNow },
            timeZone: testZone,
            environment: environment
        )
    }
}

/// The fixed moment tests run at: 2026-11-25 15:57:00 +01:00 (14:57:00 UTC).
let testNow = Date(timeIntervalSince1970: 1_795_618_620)
/// +01:00 by offset, so the output does not depend on the machine's time zone database.
let testZone = TimeZone(secondsFromGMT: 3600)!
/// How the tests render: at `testNow` in `testZone`.
let testRendering = Rendering(now: testNow, timeZone: testZone)

/// Runs one command line in process on a test terminal; returns its exit status and the terminal.
func run(
    _ arguments: [String],
    interactive: Bool = false,
    answers: [String] = [],
    environment: [String: String] = [:]
) async -> (status: Int32, terminal: TestTerminal) {
    let terminal = TestTerminal(answers: answers)
    let console = terminal.console(interactive: interactive, environment: environment)
    let status = await Console.$current.withValue(console) {
        await Curfewctl.invoke(arguments)
    }
    return (status.rawValue, terminal)
}
