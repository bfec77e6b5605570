import CurfewClient
import CurfewText
import Testing

@testable import CurfewCLI

@Suite struct TableTests {
    @Test func columnsAreAlignedToTheirWidestCellAndLinesEndWithoutSpaces() {
        var table = Table([Table.Column("ID", .right), "USER", "NOTE"])
        table.append(["7", "alice", ""])
        table.append(["1234", "bo", "late"])
        #expect(
            table.render() == """
                  ID  USER   NOTE
                   7  alice
                1234  bo     late
                """
        )
    }

    @Test func escapeSequencesAndControlCharactersFromOtherUsersNeverReachTheTerminal() {
        var table = Table(["REASON"])
        table.append(["\u{1B}]0;owned\u{07}bye\u{1B}[2J now\nplease"])
        #expect(table.render() == "REASON\nbye nowplease")
    }

    @Test func aKeyValueListHasNoTitlesAndMissingCellsAreEmpty() {
        var table = Table(["", ""], showsTitles: false)
        table.append(["due", "18:00"])
        table.append(["reason"])
        #expect(table.render() == "due     18:00\nreason")
    }
}
