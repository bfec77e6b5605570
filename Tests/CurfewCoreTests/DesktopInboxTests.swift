import CurfewCore
import Testing

/// The notices waiting for users' helpers: each user sees and reports only their own.
@Suite struct DesktopInboxTests {
    private let notice = DesktopNotice(summary: "s", body: "b", urgency: .normal)

    @Test func aUserFetchesOnlyTheirOwnNoticesOldestFirst() async {
        let inbox = DesktopInbox()
        let first = await inbox.post(notice, for: 1000)
        _ = await inbox.post(notice, for: 1001)
        let second = await inbox.post(notice, for: 1000)
        #expect(await inbox.pending(for: 1000).map(\.id) == [first, second])
        #expect(await inbox.isFetched(first))
        #expect(await inbox.pending(for: 1002).isEmpty)
    }

    @Test func aReportFromAnotherUserIsRefused() async {
        let inbox = DesktopInbox()
        let id = await inbox.post(notice, for: 1000)
        #expect(await inbox.report(id, by: 1001, .shown) == false)
        #expect(await inbox.report(id, by: 1000, .failed("no server")) == true)
        #expect(await inbox.report(of: id, within: .seconds(5)) == .failed("no server"))
        // Reported: not fetched again, not reported twice.
        #expect(await inbox.pending(for: 1000).isEmpty)
        #expect(await inbox.report(id, by: 1000, .shown) == false)
    }

    @Test(.timeLimit(.minutes(1))) func aWaitEndsWhenTheReportComes() async {
        let inbox = DesktopInbox()
        let id = await inbox.post(notice, for: 1000)
        async let waited = inbox.report(of: id, within: .seconds(30))
        while await !inbox.isFetched(id) {
            _ = await inbox.pending(for: 1000)
        }
        _ = await inbox.report(id, by: 1000, .shown)
        #expect(await waited == .shown)
    }

    @Test func aWaitWithoutAReportEndsAtItsTimeoutWithNone() async {
        let inbox = DesktopInbox()
        let id = await inbox.post(notice, for: 1000)
        #expect(await inbox.report(of: id, within: .milliseconds(20)) == nil)
        await inbox.settle(id)
        #expect(await inbox.count == 0)
        #expect(await inbox.report(id, by: 1000, .shown) == false)
    }

    @Test(.timeLimit(.minutes(1))) func aHelperWaitingIsWokenByTheNextNoticeForItsUserOnly() async {
        let inbox = DesktopInbox()
        async let waited = inbox.pending(for: 1000, waitingUpTo: .seconds(30))
        try? await Task.sleep(for: .milliseconds(50))
        _ = await inbox.post(notice, for: 1001)
        let mine = await inbox.post(notice, for: 1000)
        #expect(await waited.map(\.id) == [mine])
        #expect(await inbox.isFetched(mine))
    }

    @Test func aWaitWithNothingPostedEndsEmptyAtItsTimeout() async {
        let inbox = DesktopInbox()
        #expect(await inbox.pending(for: 1000, waitingUpTo: .milliseconds(20)).isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func aWaitEndsAtOnceWhenItsTaskIsCancelled() async {
        let inbox = DesktopInbox()
        let waiting = Task { await inbox.pending(for: 1000, waitingUpTo: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value.isEmpty)
    }
}
