import CurfewCore
import Foundation
import Testing

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("red \u{1B}[31mALERT\u{1B}[0m", "red ALERT"),
        ("title \u{1B}]0;pwned\u{07}x", "title x"),
        ("osc st \u{1B}]8;;http://x\u{1B}\\link", "osc st link"),
        ("clear\u{1B}c screen\u{1B}[2J", "clear screen"),
        ("bell\u{07} back\u{08}space cr\r lf\n", "bell backspace cr lf"),
        ("c1 \u{9B}31m csi", "c1  csi"),
        ("dcs \u{1B}P1$r\u{1B}\\ end", "dcs  end"),
        ("rtl \u{202E}txt.exe", "rtl txt.exe"),
        ("tab\there", "tab here"),
        ("Grüße, 日本", "Grüße, 日本"),
    ])
    func controlCharactersAndEscapeSequencesNeverReachATerminal(input: String, output: String) {
        #expect(TerminalText.sanitize(input) == output)
    }

    @Test func linesAreBounded() {
        #expect(TerminalText.sanitize(String(repeating: "x", count: 10_000)).count == TerminalText.lineLimit)
    }

    @Test func noticeLinesCarryTheTimeTheReasonAndTheContactWithoutEscapes() {
        let due = Date(timeIntervalSince1970: 1_795_600_800)
        let notice = Notice(
            kind: .step(lead: 300),
            termination: TerminationID(7),
            dueAt: due,
            reason: "offboarding \u{1B}[2J\u{1B}]0;x\u{07}now",
            contact: "help desk"
        )
        let lines = notice.lines(now: due.addingTimeInterval(-300), zone: TimeZone(identifier: "UTC")!)
        #expect(
            lines == [
                "curfew: this session will be ended at 2026-11-25 10:00:00 UTC, in 5 min.",
                "Reason: offboarding now",
                "Contact: help desk",
            ]
        )
    }
}
