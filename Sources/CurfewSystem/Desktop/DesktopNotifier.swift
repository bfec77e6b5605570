import CurfewCore
import Foundation
import Logging

/// Shows notices on the desktops of graphical sessions. A user's session bus admits that user alone, so curfewd posts
/// each notice in the `DesktopInbox` and starts the user's helper, `curfew-notify@UID.service`, which systemd runs as
/// that user: it fetches the notice over curfewd's socket, calls `org.freedesktop.Notifications.Notify` on the user's
/// bus and reports how that went. One notification per user and notice, however many graphical sessions they have.
public struct DesktopNotifier: NoticeDelivery {
    private let inbox: DesktopInbox
    private let units: any UnitStarter
    private let timeout: Duration
    private let finalTimeout: Duration
    private let retryStart: Duration
    private let zone: TimeZone
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameters:
    ///   - timeout: how long a notice may take from post to the helper's report before it counts as an error.
    ///   - finalTimeout: the same for the final notice, which the sessions' end waits for: short, so a helper that
    ///     must first be started cannot hold up the end (the one still running since the last notice is quicker).
    ///   - retryStart: how long a posted notice may wait to be fetched before the helper is started again (a start
    ///     that came while the helper was finishing an earlier run joined that run and started nothing).
    public init(
        inbox: DesktopInbox,
        units: any UnitStarter,
        timeout: Duration = .seconds(5),
        finalTimeout: Duration = .milliseconds(500),
        retryStart: Duration = .seconds(1),
        zone: TimeZone = .current,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "curfew.desktop")
    ) {
        self.inbox = inbox
        self.units = units
        self.timeout = timeout
        self.finalTimeout = finalTimeout
        self.retryStart = retryStart
        self.zone = zone
        self.now = now
        self.logger = logger
    }

    /// The helper's unit for a user.
    public static func unit(for uid: UInt32) -> String { "curfew-notify@\(uid).service" }

    public func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
        let shown = notice.desktop(now: now(), zone: zone)
        let timeout = notice.kind == .final ? finalTimeout : timeout
        let uids = Array(Set(sessions.map(\.uid))).sorted()
        let reports = await withTaskGroup(of: (UInt32, DesktopInbox.Report).self) { group in
            for uid in uids {
                group.addTask { (uid, await send(shown, to: uid, within: timeout)) }
            }
            var reports: [UInt32: DesktopInbox.Report] = [:]
            for await (uid, report) in group { reports[uid] = report }
            return reports
        }
        return sessions.map { session in
            switch reports[session.uid] {
            case .shown?: return NoticeReceipt(sessionID: session.id, delivery: .desktop)
            case .failed(let reason)?:
                logger.warning(
                    "notice not shown on the desktop: \(reason)",
                    metadata: ["session": "\(session.id)", "uid": "\(session.uid)"]
                )
                return NoticeReceipt(sessionID: session.id, delivery: .error, detail: "desktop: \(reason)")
            case nil: return NoticeReceipt(sessionID: session.id, delivery: .error, detail: "desktop: not sent")
            }
        }
    }

    /// Posts the notice for `uid`, starts the helper unless one is waiting for it, and waits for its report
    /// (starting the helper while the notice is not fetched) until `timeout`.
    func send(_ notice: DesktopNotice, to uid: UInt32, within timeout: Duration) async -> DesktopInbox.Report {
        // A helper still waiting since the last notice takes this one at once: no start, no polkit check.
        var start = await !inbox.hasWaitingHelper(uid)
        let id = await inbox.post(notice, for: uid)
        let unit = Self.unit(for: uid)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var report: DesktopInbox.Report?
        while report == nil {
            do {
                if start { try await units.start(unit) }
                start = true
            } catch {
                report = .failed("cannot start \(unit): \(error)")
                break
            }
            let left = clock.now.duration(to: deadline)
            // Once fetched, the helper is at work on it: wait out the rest rather than start it again.
            let fetched = await inbox.isFetched(id)
            report = await inbox.report(of: id, within: fetched ? left : min(retryStart, left))
            if report == nil, clock.now >= deadline {
                let what = await inbox.isFetched(id) ? "fetched it but did not report" : "did not fetch it"
                report = .failed("\(unit) \(what) within \(Self.spoken(timeout))")
            }
        }
        await inbox.settle(id)
        return report ?? .failed("not sent")
    }

    /// "500 ms" below a second (the final notice's wait), "5 s" and up otherwise.
    private static func spoken(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let interval = Double(seconds) + Double(attoseconds) / 1e18
        return interval < 1 ? "\(Int((interval * 1000).rounded())) ms" : DurationText.spoken(interval)
    }
}
