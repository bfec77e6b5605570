import CurfewCore
import CurfewStore
import Foundation
import NIOCore

/// One consumer's Server-Sent Events: what the store has after the consumer's id, then each new event as it commits,
/// with a comment line now and then so proxies and clients know the connection lives.
///
/// It listens to the feed before it first reads, and always reads the store after the last id sent: an event
/// committed between the two is read once, never missed, never sent twice.
struct EventStream: Sendable {
    let store: TerminationStore
    let query: EventQuery
    let gap: EventGap?
    let keepalive: Duration
    private let ticks: AsyncStream<Tick>
    private let tick: AsyncStream<Tick>.Continuation

    private enum Tick: Sendable {
        case events
        case keepalive
    }

    init(store: TerminationStore, query: EventQuery, gap: EventGap?, keepalive: Duration) {
        self.store = store
        self.query = query
        self.gap = gap
        self.keepalive = keepalive
        (ticks, tick) = AsyncStream<Tick>.makeStream()
    }

    /// Ends the stream (curfewd is stopping); `run` returns after what it is sending.
    func stop() {
        tick.finish()
    }

    /// Sends until `send` throws (the client went away) or `stop` is called. Runs once.
    func run(send: (ByteBuffer) async throws -> Void) async throws {
        let feed = store.eventFeed.listen()
        let listening = Task { [tick] in
            for await _ in feed { tick.yield(.events) }
        }
        let beating = Task { [tick, keepalive] in
            while !Task.isCancelled {
                try await Task.sleep(for: keepalive)
                tick.yield(.keepalive)
            }
        }
        defer {
            listening.cancel()
            beating.cancel()
        }
        try await send(ByteBuffer(string: ": curfew events after \(query.after)\nretry: 2000\n\n"))
        if let gap { try await send(Self.frame(gap)) }
        var last = query.after
        tick.yield(.events)
        for await next in ticks {
            switch next {
            case .events:
                while true {
                    let batch = try store.events(after: last, types: query.types, concerning: query.user)
                    guard let newest = batch.last else { break }
                    var buffer = ByteBuffer()
                    for event in batch {
                        var frame = Self.frame(event)
                        buffer.writeBuffer(&frame)
                    }
                    try await send(buffer)
                    last = newest.id
                }
            case .keepalive:
                try await send(ByteBuffer(string: ": keepalive\n\n"))
            }
        }
    }

    /// `id:`, `event:` and one `data:` line (the JSON has no raw newline), then a blank line.
    static func frame(_ event: Event) -> ByteBuffer {
        var buffer = ByteBuffer(string: "id: \(event.id)\nevent: \(event.kind.rawValue)\ndata: ")
        buffer.writeBytes(event.jsonData())
        buffer.writeString("\n\n")
        return buffer
    }

    /// The gap, as an `event: gap` without an id, so the consumer's last id stays as it was.
    static func frame(_ gap: EventGap) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(gap)) ?? Data("{}".utf8)
        var buffer = ByteBuffer(string: "event: gap\ndata: ")
        buffer.writeBytes(data)
        buffer.writeString("\n\n")
        return buffer
    }
}
