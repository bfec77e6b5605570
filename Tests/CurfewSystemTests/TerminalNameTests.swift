import Testing

@testable import CurfewSystem

@Suite struct TerminalNameTests {
    @Test(arguments: ["pts/0", "pts/3", "pts/1234", "tty1", "tty63", "ttyS0", "ttyUSB12", "ttyAMA0"])
    func acceptsTerminalNamesLogindGives(_ name: String) {
        #expect(TerminalName(name)?.path == "/dev/\(name)")
    }

    @Test(arguments: [
        "", "pts", "pts/", "pts/x", "pts/1/../../x", "pts/../pts/1", "../etc/passwd", "/dev/pts/1", "tty", "ttyS",
        "tty1/", "tty1 ", " tty1", "tty-1", "tty1a", "console", "ptmx", "pts/1\u{0}", "pts/\u{0661}",
        "tty\u{00E9}1", "pts/" + String(repeating: "1", count: 40),
    ])
    func refusesAnythingElse(_ name: String) {
        #expect(TerminalName(name) == nil)
    }
}
