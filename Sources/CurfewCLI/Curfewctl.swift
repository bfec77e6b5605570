import ArgumentParser
import CurfewCore
import Foundation

/// The admin's command line for curfewd.

public struct Curfewctl: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "curfewctl",
        abstract: "Schedule, inspect and cancel the end of login sessions.",
        subcommands: [TimeCommand.self]
    )
}

/// `curfewctl time EXPR`: how curfew reads a due time, before anything is scheduled with it.
struct TimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time",
        abstract: "Show how a due time is read: the absolute local time, UTC, and how far away it is.",
        discussion: DueTimeParser.acceptedForms
    )

    @Argument(help: "A due time, e.g. 18:00, 'tomorrow 18:00', 2026-11-24T18:00:00+01:00, 30m.")
    var words: [String]

    func run() throws {
        let now = Date()
        do {
            let due = try DueTimeParser(now: now).parse(words.joined(separator: " "))
            print(TimeText.describe(due.instant, now: now))
            for note in due.notes { print("note: \(note)") }
        } catch {
            FileHandle.standardError.write(Data("curfewctl: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
