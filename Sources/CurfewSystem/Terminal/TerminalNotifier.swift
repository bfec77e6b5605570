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

    /// Writes the notice to the terminal of each session that has one; returns how many got all of it.
    /// Failures are logged, never thrown: one session's terminal is no reason to keep the notice from the others.
    public func deliver(_ notice: Notice, to sessions: [Session]) async -> Int {
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

    private func write(_ message: [UInt8], to sessions: [Session]) -> Int {
        var opened: [(session: Session, terminal: TerminalDevice)] = []
        for session in sessions {
            guard let tty = session.tty else {
                logger.debug("session has no terminal", metadata: ["session": "\(session.id)"])
                continue
            }
            do throws(TerminalError) {
                guard let name = TerminalName(tty) else { throw TerminalError.invalidName(tty) }
                opened.append((session, try TerminalDevice.open(name, owner: session.uid)))
            } catch {
                warn(session, tty, error)
            }
        }
        let failures = TerminalBroadcast(message: message, timeout: timeout).send(to: opened.map(\.terminal))
        var reached = 0
        for (entry, failure) in zip(opened, failures) {
            guard let failure else {
                reached += 1
                continue
            }
            warn(entry.session, entry.terminal.name.name, failure)
        }
        return reached
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
