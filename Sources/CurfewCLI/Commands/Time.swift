import ArgumentParser
import CurfewCore
import Foundation

extension Curfewctl {
    /// `curfewctl time EXPR`: how curfew reads a due time, before anything is scheduled with it. Local: no daemon.
    struct Time: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a due time is read: the absolute local time, UTC, and how far away it is.",
            discussion: """
                This reads the time here, in this shell's time zone, without asking curfewd; curfewd reads \
                --at in its own zone. \(DueTimeParser.acceptedForms)
                """
        )

        @Argument(help: "A due time, e.g. 18:00, 'tomorrow 18:00', 2026-11-24T18:00:00+01:00, 30m.")
        var words: [String]

        func run() async throws {
            let console = Console.current
            let now = console.now()
            do {
                let due = try DueTimeParser(timeZone: console.timeZone, now: now).parse(words.joined(separator: " "))
                console.print(TimeText.describe(due.instant, now: now, in: console.timeZone))
                for note in due.notes { console.print("note: \(note)") }
            } catch {
                throw CommandFailure(error.message)
            }
        }
    }
}
