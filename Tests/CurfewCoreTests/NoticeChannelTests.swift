import CurfewCore
import Foundation
import Testing

/// Which way a notice takes to each session, and how it reads on a desktop.
@Suite struct NoticeChannelTests {
    private func session(type: String?, tty: String?) -> Session {
        Session(id: "5", user: "alice", uid: 1000, tty: tty, type: type)
    }

    @Test(arguments: ["x11", "wayland", "mir"])
    func graphicalSessionsGetTheirNoticesOnTheDesktop(_ type: String) {
        #expect(NoticeChannel.choose(for: session(type: type, tty: nil)) == .desktop)
        // The VT a display server runs on shows no text: the desktop still wins.
        #expect(NoticeChannel.choose(for: session(type: type, tty: "tty2")) == .desktop)
    }

    @Test func aSessionWithATerminalGetsItThere() {
        #expect(NoticeChannel.choose(for: session(type: "tty", tty: "pts/3")) == .terminal)
        #expect(NoticeChannel.choose(for: session(type: nil, tty: "tty1")) == .terminal)
    }

    @Test func aSessionWithNeitherIsUnreachable() {
        #expect(NoticeChannel.choose(for: session(type: "unspecified", tty: nil)) == .unreachable)
        #expect(NoticeChannel.choose(for: session(type: nil, tty: "")) == .unreachable)
        let receipt = NoticeReceipt.unreachable(session(type: "unspecified", tty: nil))
        #expect(receipt == NoticeReceipt(sessionID: "5", delivery: .unreachable, detail: NoticeReceipt.noWayToReach))
        #expect(!receipt.reached)
    }

    private let due = Date(timeIntervalSince1970: 1_795_000_000)
    private let utc = TimeZone(identifier: "UTC")!

    private func notice(_ kind: NoticeKind, reason: String = "offboarding") -> Notice {
        Notice(kind: kind, termination: TerminationID(7), dueAt: due, reason: reason, contact: "the help desk")
    }

    @Test func aStepSaysWhenAndWhyWithNormalUrgency() {
        let shown = notice(.step(lead: 300)).desktop(now: due.addingTimeInterval(-300), zone: utc)
        #expect(shown.summary == "This session will be ended in 5 min")
        #expect(
            shown.body
                == "This session will be ended at 2026-11-18 11:06:40 UTC, in 5 min.\nReason: offboarding\nContact: the help desk"
        )
        #expect(shown.urgency == .normal)
        #expect(shown.urgency.level == 1)
    }

    @Test func theFinalNoticeIsCritical() {
        let shown = notice(.final).desktop(now: due, zone: utc)
        #expect(shown.summary == "This session is being ended now")
        #expect(shown.urgency == .critical)
        #expect(shown.urgency.level == 2)
    }

    @Test func markupInTheReasonIsShownAsText() {
        let shown = notice(.scheduled, reason: #"<b>bye</b> & <a href="x">click</a>"#)
            .desktop(now: due.addingTimeInterval(-60), zone: utc)
        #expect(shown.body.contains(#"Reason: &lt;b&gt;bye&lt;/b&gt; &amp; &lt;a href="x"&gt;click&lt;/a&gt;"#))
        #expect(!shown.body.contains("<"))
    }

    @Test func controlCharactersNeverReachTheBody() {
        let shown = notice(.scheduled, reason: "bye\u{1B}[2J\u{07}\nnext").desktop(now: due, zone: utc)
        #expect(shown.body.contains("Reason: byenext"))
        #expect(!shown.body.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
