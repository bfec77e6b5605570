import CurfewCore
import Foundation
import Synchronization
import Testing

@testable import CurfewSystem

/// Desktop notices: posted for the user's helper, which systemd starts as the user; the receipts say how it went.
@Suite struct DesktopNotifierTests {
    private static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// Stands in for systemd and the helper it runs: each start records the unit, and (unless told otherwise) fetches
    /// the user's notices as the helper would and reports on each.
    final class Helper: UnitStarter {
        enum Behaviour: Sendable {
            case shows
            case fails(String)
            /// The unit starts, but nothing fetches (a start that joined a helper's run as it ended).
            case idle
            /// Idle on the first start, shows from the second on.
            case idleOnce
        }

        let inbox: DesktopInbox
        let behaviour: Behaviour
        let startError: (any Error & Sendable)?
        let started = Mutex<[String]>([])
        let shown = Mutex<[DesktopNotice]>([])

        init(inbox: DesktopInbox, behaviour: Behaviour = .shows, startError: (any Error & Sendable)? = nil) {
            self.inbox = inbox
            self.behaviour = behaviour
            self.startError = startError
        }

        func start(_ unit: String) async throws {
            let starts = started.withLock {
                $0.append(unit)
                return $0.count
            }
            if let startError { throw startError }
            if case .idle = behaviour { return }
            if case .idleOnce = behaviour, starts == 1 { return }
            guard let uid = UInt32(unit.dropFirst("curfew-notify@".count).dropLast(".service".count)) else { return }
            for item in await inbox.pending(for: uid) {
                switch behaviour {
                case .shows, .idleOnce:
                    shown.withLock { $0.append(item.notice) }
                    _ = await inbox.report(item.id, by: uid, .shown)
                case .fails(let reason):
                    _ = await inbox.report(item.id, by: uid, .failed(reason))
                case .idle:
                    break
                }
            }
        }
    }

    struct Refused: Error, CustomStringConvertible {
        var description: String { "org.freedesktop.DBus.Error.AccessDenied: not allowed" }
    }

    private func notice(_ kind: NoticeKind = .step(lead: 60), reason: String = "<b>offboarding</b>") -> Notice {
        Notice(
            kind: kind,
            termination: TerminationID(3),
            dueAt: Self.now.addingTimeInterval(60),
            reason: reason,
            contact: nil
        )
    }

    private func notifier(
        _ helper: Helper,
        timeout: Duration = .seconds(5),
        finalTimeout: Duration = .seconds(5)
    ) -> DesktopNotifier {
        DesktopNotifier(
            inbox: helper.inbox,
            units: helper,
            timeout: timeout,
            finalTimeout: finalTimeout,
            retryStart: .milliseconds(20),
            zone: TimeZone(identifier: "UTC")!,
            now: { Self.now }
        )
    }

    private let alice1 = Session(id: "11", user: "alice", uid: 1000, type: "x11")
    private let alice2 = Session(id: "12", user: "alice", uid: 1000, type: "wayland")
    private let bob = Session(id: "21", user: "bob", uid: 1001, type: "x11")

    @Test func oneNotificationPerUserAndEachGraphicalSessionIsRecordedDesktop() async {
        let helper = Helper(inbox: DesktopInbox())
        let receipts = await notifier(helper).deliver(notice(), to: [alice1, bob, alice2])
        #expect(receipts.map(\.sessionID) == ["11", "21", "12"])
        #expect(receipts.allSatisfy { $0.delivery == .desktop && $0.detail == nil })
        #expect(
            helper.started.withLock { $0 }.sorted() == ["curfew-notify@1000.service", "curfew-notify@1001.service"]
        )
        let shown = helper.shown.withLock { $0 }
        #expect(shown.count == 2)
        #expect(
            shown.allSatisfy { $0.body.contains("Reason: &lt;b&gt;offboarding&lt;/b&gt;") && $0.urgency == .normal }
        )
        // Nothing is left behind for a helper to fetch later.
        #expect(await helper.inbox.count == 0)
    }

    @Test func theFinalNoticeGoesOutCritical() async {
        let helper = Helper(inbox: DesktopInbox())
        _ = await notifier(helper).deliver(notice(.final), to: [alice1])
        #expect(helper.shown.withLock { $0 }.map(\.urgency) == [.critical])
    }

    @Test func theHelpersFailureIsRecordedAsAnErrorWithItsReason() async {
        let helper = Helper(inbox: DesktopInbox(), behaviour: .fails("no notification server on the bus"))
        let receipts = await notifier(helper).deliver(notice(), to: [alice1, alice2])
        #expect(receipts.map(\.delivery) == [.error, .error])
        #expect(receipts.first?.detail == "desktop: no notification server on the bus")
    }

    @Test func aUnitThatCannotBeStartedIsAnErrorNamingIt() async {
        let helper = Helper(inbox: DesktopInbox(), startError: Refused())
        let receipts = await notifier(helper).deliver(notice(), to: [bob])
        #expect(receipts.map(\.delivery) == [.error])
        #expect(
            receipts.first?.detail
                == "desktop: cannot start curfew-notify@1001.service: org.freedesktop.DBus.Error.AccessDenied: not allowed"
        )
        #expect(await helper.inbox.count == 0)
    }

    @Test(.timeLimit(.minutes(1))) func aNoticeNotFetchedIsStartedAgain() async {
        let helper = Helper(inbox: DesktopInbox(), behaviour: .idleOnce)
        let receipts = await notifier(helper).deliver(notice(), to: [bob])
        #expect(receipts.map(\.delivery) == [.desktop])
        #expect(helper.started.withLock { $0 } == ["curfew-notify@1001.service", "curfew-notify@1001.service"])
    }

    @Test(.timeLimit(.minutes(1))) func aHelperThatNeverFetchesIsGivenUpAtTheTimeout() async {
        let helper = Helper(inbox: DesktopInbox(), behaviour: .idle)
        let receipts = await notifier(helper, timeout: .milliseconds(100)).deliver(notice(), to: [bob])
        #expect(receipts.map(\.delivery) == [.error])
        #expect(
            receipts.first?.detail?.hasPrefix("desktop: curfew-notify@1001.service did not fetch it within") == true
        )
        #expect(await helper.inbox.count == 0)
    }

    /// A helper still waiting since the last notice gets the next one without being started again.
    @Test(.timeLimit(.minutes(1))) func aWaitingHelperIsNotStartedAgain() async {
        let helper = Helper(inbox: DesktopInbox(), behaviour: .idle)
        let inbox = helper.inbox
        let waiting = Task {
            for item in await inbox.pending(for: 1001, waitingUpTo: .seconds(30)) {
                _ = await inbox.report(item.id, by: 1001, .shown)
            }
        }
        while await !inbox.hasWaitingHelper(1001) { await Task.yield() }
        let receipts = await notifier(helper).deliver(notice(), to: [bob])
        await waiting.value
        #expect(receipts.map(\.delivery) == [.desktop])
        #expect(helper.started.withLock { $0 }.isEmpty)
    }

    /// The end of the sessions waits for the final notice: a helper that is slow to come holds it up only briefly.
    @Test(.timeLimit(.minutes(1))) func theFinalNoticeIsWaitedForOnlyBriefly() async {
        let helper = Helper(inbox: DesktopInbox(), behaviour: .idle)
        let notifier = notifier(helper, timeout: .seconds(30), finalTimeout: .milliseconds(50))
        let clock = ContinuousClock()
        let start = clock.now
        let receipts = await notifier.deliver(notice(.final), to: [bob])
        #expect(clock.now - start < .seconds(10))
        #expect(receipts.map(\.delivery) == [.error])
        #expect(receipts.first?.detail == "desktop: curfew-notify@1001.service did not fetch it within 50 ms")
    }

    @Test func sessionsAreServedTheWayEachCanBeReached() async {
        let helper = Helper(inbox: DesktopInbox())
        let terminals = RecordingTerminals()
        let router = SessionNotices(terminals: terminals, desktops: notifier(helper))
        let ssh = Session(id: "1", user: "alice", uid: 1000, tty: "pts/3", type: "tty")
        let cron = Session(id: "2", user: "alice", uid: 1000, type: "unspecified")
        let receipts = await router.deliver(notice(), to: [ssh, alice1, cron])
        #expect(
            receipts == [
                NoticeReceipt(sessionID: "1", delivery: .terminal),
                NoticeReceipt(sessionID: "11", delivery: .desktop),
                NoticeReceipt(sessionID: "2", delivery: .unreachable, detail: NoticeReceipt.noWayToReach),
            ]
        )
        #expect(terminals.sessions.withLock { $0 } == ["1"])
        #expect(helper.shown.withLock { $0 }.count == 1)
    }

    final class RecordingTerminals: NoticeDelivery {
        let sessions = Mutex<[String]>([])

        func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
            self.sessions.withLock { $0 += sessions.map(\.id) }
            return sessions.map { NoticeReceipt(sessionID: $0.id, delivery: .terminal) }
        }
    }
}
