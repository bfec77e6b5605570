import CurfewCore
import Dispatch
import Foundation
import Logging

/// Writes notices to the terminals of the sessions they concern, like `wall` but only to those sessions.
///
/// Each session's TTY is checked (a strict name, a character device, owned by the session's user) before anything
/// is written. Terminals are written without blocking and all together, so a stuck one costs at most `timeout`, and
/// the caller's thread is never the one that waits.
public struct TerminalNotifier: NoticeDelivery {
    private let logger: Logger
    private let timeout: Duration
    private let zone: TimeZone
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - timeout: how long terminals that are full get to take the rest of the notice before they are given up.
    ///   - zone: the time zone of the times shown.
    ///   - now: the clock of the banner and of the notice's "in 5 min".
    public init(
        logger: Logger = Logger(label: "curfew.terminal"),
        timeout: Duration = .milliseconds(200),
        zone: TimeZone = .current,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.logger = logger
        self.timeout = timeout
        self.zone = zone
        self.now = now
    }

    /// Writes the notice to the terminal of each session that has one; returns how each fared (`unreachable` for a
    /// session without a terminal). Failures are logged and returned, never thrown: one session's terminal is no
    /// reason to keep the notice from the others.
    public func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
        let now = now()
        let message = Self.message(notice.lines(now: now, zone: zone), at: now, in: zone)
        return await withCheckedContinuation { continuation in
            // open, write and poll block for up to `timeout`: not on a thread of the cooperative pool.
            DispatchQueue.global().async {
                continuation.resume(returning: write(message, to: sessions))
            }
        }
    }

    /// The bytes a terminal gets: a blank line, a banner like wall's, a blank line, the lines; `\r\n` after each,
    /// since a terminal in raw mode does not turn `\n` into a new line.
    static func message(_ lines: [String], at now: Date, in zone: TimeZone) -> [UInt8] {
        let banner = "Broadcast message from curfew (\(bannerTime(now, in: zone))):"
        let text = ([""] + [TerminalText.sanitize(banner), ""] + lines).map { $0 + "\r\n" }.joined()
        return Array(text.utf8)
    }

    private func write(_ message: [UInt8], to sessions: [Session]) -> [NoticeReceipt] {
        var receipts = sessions.map { NoticeReceipt(sessionID: $0.id, delivery: .terminal) }
        var opened: [(index: Int, session: Session, terminal: TerminalDevice)] = []
        for (index, session) in sessions.enumerated() {
            guard let tty = session.tty, !tty.isEmpty else {
                logger.debug("session has no terminal", metadata: ["session": "\(session.id)"])
                receipts[index] = .unreachable(session)
                continue
            }
            do throws(TerminalError) {
                guard let name = TerminalName(tty) else { throw TerminalError.invalidName(tty) }
                opened.append((index, session, try TerminalDevice.open(name, owner: session.uid)))
            } catch {
                receipts[index] = failed(session, tty, error)
            }
        }
        let failures = TerminalBroadcast(message: message, timeout: timeout).send(to: opened.map(\.terminal))
        for (entry, failure) in zip(opened, failures) {
            if let failure { receipts[entry.index] = failed(entry.session, entry.terminal.name.name, failure) }
        }
        return receipts
    }

    /// Logs why a terminal did not get the notice, and says so in its receipt.
    private func failed(_ session: Session, _ tty: String, _ error: TerminalError) -> NoticeReceipt {
        warn(session, tty, error)
        return NoticeReceipt(
            sessionID: session.id,
            delivery: .error,
            detail: "terminal \(TerminalText.sanitize(tty)): \(error)"
        )
    }

    private func warn(_ session: Session, _ tty: String, _ error: TerminalError) {
        logger.warning(
            "notice not written to terminal: \(error)",
            // The name comes from logind and may be anything when it is refused: never raw into the log.
            metadata: ["session": "\(session.id)", "tty": "\(TerminalText.sanitize(tty))", "errno": "\(error.errno)"]
        )
    }

    private static func bannerTime(_ instant: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE yyyy-MM-dd HH:mm:ss zzz"
        return formatter.string(from: instant)
    }
}
