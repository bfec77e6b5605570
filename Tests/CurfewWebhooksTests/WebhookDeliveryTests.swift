import AsyncHTTPClient
import CurfewCore
import CurfewStore
import CurfewWebhooks
import Foundation
import Testing

/// Events reach webhook receivers through failures, outages and restarts: each once per delivery id, in order, signed.
@Suite struct WebhookDeliveryTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookDispatcher.httpConfiguration)

    @Test func everyEventArrivesInOrderOncePerDeliveryThroughAnErrorAnOutageAndARestart() async throws {
        let clock = SteppedClock(Self.start)
        let receiver = try await WebhookReceiver(secret: "s3cret", now: clock.now)
        let endpoint = WebhookEndpoint(url: receiver.url, secret: "s3cret")
        var daemon = try await EventDaemon(endpoints: [endpoint], clock: clock, http: Self.http)
        defer { daemon.cleanUp() }

        // The receiver fails: the first delivery is tried, the queue waits behind it.
        receiver.answer(500)
        let first = try await daemon.schedule("alice", reason: "offboarding")
        try await daemon.schedule("bob")
        _ = try await daemon.scheduler.cancel(first.id, by: EventDaemon.root)
        let retry = try #require(await daemon.dispatcher.deliverDue())
        #expect(receiver.received.map(\.status) == [500])
        var standing = try #require(try daemon.store.webhookStandings([endpoint.url]).first)
        #expect(standing.lastError == "HTTP 500 Internal Server Error")
        #expect(standing.delivered == 0)

        // The receiver goes away (it kept no connection open); the retry cannot connect and is put off again.
        try await receiver.stop()
        clock.advance(to: retry)
        let later = try #require(await daemon.dispatcher.deliverDue())
        #expect(later > retry)
        standing = try #require(try daemon.store.webhookStandings([endpoint.url]).first)
        #expect(standing.lastError == "Connection refused")

        // curfewd restarts while the receiver is away, and more happens.
        try await daemon.restart()
        try await daemon.schedule("alice", reason: "after the restart")

        // The receiver comes back: everything arrives, in event order.
        receiver.answer(200)
        try await receiver.start()
        clock.advance(to: later)
        #expect(await daemon.dispatcher.deliverDue() == nil)

        let events = try daemon.store.events(after: 0)
        #expect(events.count >= 6)
        let accepted = receiver.received.filter { $0.status == 200 }
        #expect(accepted.map(\.eventID) == events.map(\.id))
        #expect(Set(accepted.map(\.delivery)).count == events.count)
        #expect(receiver.received.allSatisfy { $0.signatureIsValid })
        // The failed attempt and its successful retry carried the same delivery id and the same bytes.
        let failed = try #require(receiver.received.first)
        #expect(accepted.first?.delivery == failed.delivery)
        #expect(accepted.first?.body == failed.body)
        let sent = try Event(json: try #require(accepted.first?.body))
        #expect(
            String(decoding: sent.jsonData(), as: UTF8.self) == String(decoding: events[0].jsonData(), as: UTF8.self)
        )
        #expect(accepted.map(\.event) == events.map(\.kind.rawValue))

        standing = try #require(try daemon.store.webhookStandings([endpoint.url]).first)
        #expect(standing.pending == 0)
        #expect(standing.delivered == events.count)
        #expect(standing.lastSuccessAt != nil)
        try await receiver.stop()
    }

    @Test func aDeadReceiverHoldsUpOnlyItsOwnQueue() async throws {
        let alive = try await WebhookReceiver(secret: "one")
        let dead = try await WebhookReceiver(secret: "two")
        try await dead.stop()
        let clock = SteppedClock(Self.start)
        let daemon = try await EventDaemon(
            endpoints: [
                WebhookEndpoint(url: dead.url, secret: "two"), WebhookEndpoint(url: alive.url, secret: "one"),
            ],
            clock: clock,
            http: Self.http
        )
        defer { daemon.cleanUp() }
        try await daemon.schedule("alice")
        try await daemon.schedule("bob")

        #expect(await daemon.dispatcher.deliverDue() != nil)

        let events = try daemon.store.events(after: 0)
        #expect(alive.received.map(\.eventID) == events.map(\.id))
        let standings = try daemon.store.webhookStandings([dead.url, alive.url])
        #expect(standings.map(\.pending) == [events.count, 0])
        #expect(standings.first?.lastError == "Connection refused")
        try await alive.stop()
    }

    @Test func aDeliveryOlderThanMaxAgeIsDroppedAndTheNextOneGoesOut() async throws {
        let receiver = try await WebhookReceiver(secret: "s")
        receiver.answer(503)
        let endpoint = WebhookEndpoint(url: receiver.url, secret: "s", events: [.terminationScheduled], maxAge: 60)
        let clock = SteppedClock(Self.start)
        let daemon = try await EventDaemon(endpoints: [endpoint], clock: clock, http: Self.http)
        defer { daemon.cleanUp() }
        try await daemon.schedule("alice")

        var next = await daemon.dispatcher.deliverDue()
        // Back-off doubles, and the last try is at max_age itself.
        var waits: [TimeInterval] = []
        while let due = next {
            waits.append(due.timeIntervalSince(clock.now()))
            clock.advance(to: due)
            next = await daemon.dispatcher.deliverDue()
        }
        #expect(waits == [1, 2, 4, 8, 16, 29])
        var standing = try #require(try daemon.store.webhookStandings([endpoint.url]).first)
        #expect(standing.failed == 1)
        #expect(standing.lastError?.hasPrefix("dropped after 7 attempts over 1m: HTTP 503") == true)

        receiver.answer(200)
        try await daemon.schedule("bob")
        #expect(await daemon.dispatcher.deliverDue() == nil)
        standing = try #require(try daemon.store.webhookStandings([endpoint.url]).first)
        #expect(standing.delivered == 1)
        #expect(receiver.received.map(\.event).allSatisfy { $0 == "termination.scheduled" })
        try await receiver.stop()
    }

    /// An instant whose seconds since 1970, as the store keeps times, read back a hair later than it.
    static let readsBackLater = Date(timeIntervalSinceReferenceDate: 802_317_826.897_140_4)

    // The time limit only stops a broken test from hanging: the delivery follows the commit at once.
    @Test(.timeLimit(.minutes(1))) func theRunningOutboxSendsANewEventWithoutBeingAsked() async throws {
        // The outbox's clock stands still, at an instant a delivery made then reads back after: it is due all the same.
        #expect(Date(timeIntervalSince1970: Self.readsBackLater.timeIntervalSince1970) > Self.readsBackLater)
        let receiver = try await WebhookReceiver(secret: "s")
        var arrivals = receiver.arrivals.makeAsyncIterator()
        let endpoint = WebhookEndpoint(url: receiver.url, secret: "s")
        let daemon = try await EventDaemon(
            endpoints: [endpoint],
            clock: SteppedClock(Self.readsBackLater),
            http: Self.http
        )
        defer { daemon.cleanUp() }
        let running = Task { [dispatcher = daemon.dispatcher] in await dispatcher.run() }
        defer { running.cancel() }

        // Nothing moves the clock or asks for a pass: the running outbox finds the new event by itself.
        try await daemon.schedule("alice")
        let first = await arrivals.next()
        #expect(first?.event == "termination.scheduled")
        try await receiver.stop()
    }

    // The time limit only stops a broken test from hanging.
    @Test(.timeLimit(.minutes(1))) func aDeliveryCutShortByShutdownIsNoFailedAttempt() async throws {
        let receiver = try await WebhookReceiver(secret: "s")
        var arrivals = receiver.arrivals.makeAsyncIterator()
        let endpoint = WebhookEndpoint(url: receiver.url, secret: "s")
        var daemon = try await EventDaemon(endpoints: [endpoint], clock: SteppedClock(Self.start), http: Self.http)
        defer { daemon.cleanUp() }

        // curfewd stops while the receiver has the POST and has not answered yet.
        receiver.neverAnswer()
        let running = Task { [dispatcher = daemon.dispatcher] in await dispatcher.run() }
        try await daemon.schedule("alice")
        let cut = try #require(await arrivals.next())
        running.cancel()
        await running.value

        // Not the receiver's failure: the delivery is as it was before the attempt, due now, with no error.
        let kept = try #require(try daemon.store.deliveries(for: endpoint.url).first)
        #expect(kept.id == cut.delivery)
        #expect(kept.state == .pending)
        #expect(kept.attempts == 0)
        #expect(kept.lastError == nil)
        #expect(kept.nextAttemptAt <= Self.start)

        // At the next start it goes out first, under the same delivery id.
        try await daemon.restart()
        receiver.answer(200)
        #expect(await daemon.dispatcher.deliverDue() == nil)
        let events = try daemon.store.events(after: 0)
        #expect(receiver.received.map(\.delivery).prefix(2) == [cut.delivery, cut.delivery])
        #expect(receiver.received.map(\.status) == [0] + Array(repeating: 200, count: events.count))
        #expect(receiver.received.dropFirst().map(\.eventID) == events.map(\.id))
        try await receiver.stop()
    }

    @Test func anEndpointAddedLaterStartsFromThenOn() async throws {
        let clock = SteppedClock(Self.start)
        var daemon = try await EventDaemon(endpoints: [], clock: clock, http: Self.http)
        defer { daemon.cleanUp() }
        try await daemon.schedule("alice")
        let before = try daemon.store.eventHorizon().newestID
        let endpoint = WebhookEndpoint(url: "http://127.0.0.1:9/hook", secret: "s")
        try WebhookDispatcher.prepare(store: daemon.store, endpoints: [endpoint], at: clock.now())
        try await daemon.schedule("bob")
        try daemon.store.fillOutbox(for: endpoint, at: clock.now())
        let queued = try daemon.store.deliveries(for: endpoint.url)
        #expect(!queued.isEmpty)
        #expect(queued.allSatisfy { $0.eventID > before })
        try await daemon.restart()
    }
}
