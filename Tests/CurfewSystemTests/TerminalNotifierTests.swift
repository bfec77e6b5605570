import CurfewCore
import Foundation
import Glibc
import Testing

@testable import CurfewSystem

@Suite struct TerminalNotifierTests {
    private static let now = Date(timeIntervalSince1970: 1_795_000_000)
    private static let utc = TimeZone(identifier: "UTC")!

    private let log = LogRecorder()

    private func notifier(timeout: Duration = .milliseconds(200)) -> TerminalNotifier {
        TerminalNotifier(logger: log.logger(), timeout: timeout, zone: Self.utc, now: { Self.now })
    }

    private func notice(reason: String = "offboarding") -> Notice {
        Notice(
            kind: .step(lead: 300),
            termination: TerminationID(7),
            dueAt: Self.now.addingTimeInterval(300),
            reason: reason,
            contact: "it@example.com"
        )
    }

    private func session(_ id: String, tty: String?, uid: UInt32 = getuid()) -> Session {
        Session(id: id, user: "alice", uid: uid, tty: tty)
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func writesBannerAndNoticeLinesToTheSessionsTerminal() async throws {
        let terminal = try PseudoTerminal()
        let notice = notice()
        let reached = await notifier().deliver(notice, to: [session("3", tty: terminal.name)])
        let expected = TerminalNotifier.message(notice.lines(now: Self.now, zone: Self.utc), at: Self.now, in: Self.utc)
        #expect(reached.count(where: \.reached) == 1)
        #expect(terminal.read(atLeast: expected.count) == expected)
        #expect(log.warnings.isEmpty)
    }

    @Test func messageIsAWallStyleBannerThenTheLinesEachEndingInCarriageReturnNewline() {
        let message = TerminalNotifier.message(["one", "two"], at: Self.now, in: Self.utc)
        #expect(
            text(message)
                == "\r\nBroadcast message from curfew (Wed 2026-11-18 11:06:40 GMT):\r\n\r\none\r\ntwo\r\n"
        )
    }

    @Test func escapeSequencesInTheReasonNeverReachTheTerminal() async throws {
        let terminal = try PseudoTerminal()
        let reason = "bye\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}c\u{9B}31m\r\nfake prompt$ "
        let reached = await notifier().deliver(notice(reason: reason), to: [session("3", tty: terminal.name)])
        let received = terminal.read(atLeast: 200)
        #expect(reached.count(where: \.reached) == 1)
        #expect(!received.contains(0x1B))
        #expect(!received.contains(0x07))
        #expect(text(received).contains("Reason: byefake prompt$ \r\n"))
        #expect(text(received).contains("Contact: it@example.com\r\n"))
    }

    // A terminal that blocked the notifier would hang the test: the time limit fails it instead. No upper bound on the
    // time taken: that is a figure for a benchmark, not a test on a busy CI machine.
    @Test(.timeLimit(.minutes(1))) func fullTerminalIsGivenUpWithinTheBound() async throws {
        let terminal = try PseudoTerminal()
        terminal.fill()
        let clock = ContinuousClock()
        let start = clock.now
        let reached = await notifier(timeout: .milliseconds(200)).deliver(
            notice(),
            to: [session("5", tty: terminal.name)]
        )
        let elapsed = start.duration(to: clock.now)
        #expect(reached.count(where: \.reached) == 0)
        #expect(elapsed >= .milliseconds(150))
        #expect(log.warnings.map { $0.metadata["session"] } == ["5"])
        #expect(log.warnings.first?.metadata["errno"] == "\(EAGAIN)")
        #expect(log.warnings.first?.message.contains("timed out") == true)
    }

    @Test(.timeLimit(.minutes(1))) func stuckTerminalDoesNotKeepTheNoticeFromTheOthers() async throws {
        let stuck = try PseudoTerminal()
        stuck.fill()
        let first = try PseudoTerminal()
        let second = try PseudoTerminal()
        let reached = await notifier().deliver(
            notice(),
            to: [session("1", tty: first.name), session("2", tty: stuck.name), session("3", tty: second.name)]
        )
        #expect(reached.count(where: \.reached) == 2)
        #expect(text(first.read(atLeast: 100)).contains("Reason: offboarding"))
        #expect(text(second.read(atLeast: 100)).contains("Reason: offboarding"))
        #expect(log.warnings.map { $0.metadata["session"] } == ["2"])
    }

    @Test(arguments: ["../etc/passwd", "pts/1/../../x", "/dev/pts/0", "pts/0\n", "console"])
    func badTerminalNameIsRefusedWithoutOpeningAnything(_ tty: String) async {
        let reached = await notifier().deliver(notice(), to: [session("9", tty: tty)])
        #expect(reached.count(where: \.reached) == 0)
        #expect(log.warnings.count == 1)
        // Refused by name, not by a failed open or a check on an opened file.
        #expect(log.warnings.first?.message.contains("refused terminal name") == true)
        #expect(log.warnings.first?.metadata["errno"] == "\(EINVAL)")
    }

    @Test func terminalOfAnotherUserIsNotWritten() async throws {
        let terminal = try PseudoTerminal()
        let reached = await notifier().deliver(notice(), to: [session("4", tty: terminal.name, uid: getuid() + 1000)])
        #expect(reached.count(where: \.reached) == 0)
        #expect(terminal.read(quiet: .milliseconds(100)).isEmpty)
        #expect(log.warnings.first?.metadata["errno"] == "\(EPERM)")
    }

    @Test func sessionWithoutTerminalIsRecordedUnreachable() async throws {
        let terminal = try PseudoTerminal()
        let reached = await notifier().deliver(
            notice(),
            to: [session("1", tty: nil), session("2", tty: terminal.name)]
        )
        #expect(reached == [.unreachable(session("1", tty: nil)), NoticeReceipt(sessionID: "2", delivery: .terminal)])
        #expect(log.warnings.isEmpty)
    }

    @Test func missingTerminalIsReportedWithTheErrnoOfOpen() async {
        let reached = await notifier().deliver(notice(), to: [session("6", tty: "pts/999999")])
        #expect(reached.map(\.delivery) == [.error])
        #expect(reached.first?.detail?.hasPrefix("terminal pts/999999: open") == true)
        #expect(log.warnings.first?.metadata["errno"] == "\(ENOENT)")
        #expect(log.warnings.first?.message.contains("open") == true)
    }
}
