import CurfewCore
import Foundation
import GRDB

/// The webhook outbox: each endpoint's deliveries, made from the event log behind a per-endpoint cursor, so a
/// delivery exists for every event of the endpoint's types exactly once and survives restarts.
extension TerminationStore {
    /// Makes deliveries for events committed since the endpoint's cursor, in one transaction with the cursor's move.
    /// An endpoint seen for the first time starts after the newest event: it is not sent the past.
    @discardableResult
    public func fillOutbox(for endpoint: WebhookEndpoint, at now: Date) throws -> Int {
        try writer.write { db in
            guard
                let cursor = try Int64.fetchOne(
                    db,
                    sql: "SELECT last_event_id FROM webhook_cursor WHERE webhook = ?",
                    arguments: [endpoint.url]
                )
            else {
                try db.execute(
                    sql: "INSERT INTO webhook_cursor (webhook, last_event_id) VALUES (?, ?)",
                    arguments: [endpoint.url, try Self.horizon(db).newestID]
                )
                return 0
            }
            var last = cursor
            var made = 0
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, at, type, termination_id, session_id, users, all_users, summary, details FROM event
                    WHERE id > ? ORDER BY id
                    """,
                arguments: [cursor]
            )
            var events: [Event] = []
            while let row = try rows.next() {
                last = row["id"]
                if let event = Self.readEvent(row), endpoint.wants(event.kind) { events.append(event) }
            }
            for event in events {
                try db.executeCached(
                    sql: """
                        INSERT OR IGNORE INTO webhook_delivery
                        (id, webhook, event_id, event_type, body, state, created_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                        """,
                    arguments: [
                        UUID().uuidString.lowercased(), endpoint.url, event.id, event.kind.rawValue, event.jsonData(),
                        now.timeIntervalSince1970, now.timeIntervalSince1970,
                    ]
                )
                made += db.changesCount
            }
            try db.execute(
                sql: "UPDATE webhook_cursor SET last_event_id = ? WHERE webhook = ?",
                arguments: [last, endpoint.url]
            )
            return made
        }
    }

    /// The endpoint's pending deliveries, oldest event first.
    public func pendingDeliveries(for url: String, limit: Int = 100) throws -> [WebhookDelivery] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, webhook, event_id, event_type, body, state, attempts, created_at, next_attempt_at,
                    last_error FROM webhook_delivery WHERE webhook = ? AND state = 'pending' ORDER BY event_id LIMIT ?
                    """,
                arguments: [url, limit]
            )
            .map(Self.delivery)
        }
    }

    /// Every delivery of an endpoint, oldest event first (for tests and inspection).
    public func deliveries(for url: String) throws -> [WebhookDelivery] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, webhook, event_id, event_type, body, state, attempts, created_at, next_attempt_at,
                    last_error FROM webhook_delivery WHERE webhook = ? ORDER BY event_id
                    """,
                arguments: [url]
            )
            .map(Self.delivery)
        }
    }

    /// The receiver answered 2xx.
    public func markDelivered(_ id: String, at now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_delivery SET state = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
                    finished_at = ? WHERE id = ? AND state = 'pending'
                    """,
                arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, id]
            )
            try db.execute(
                sql: """
                    UPDATE webhook_cursor SET last_success_at = ?
                    WHERE webhook = (SELECT webhook FROM webhook_delivery WHERE id = ?)
                    """,
                arguments: [now.timeIntervalSince1970, id]
            )
        }
    }

    /// An attempt failed: tried again at `retryAt`, or given up (`failed`) when `retryAt` is nil.
    public func markAttemptFailed(_ id: String, error: String, retryAt: Date?, at now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?,
                    next_attempt_at = coalesce(?, next_attempt_at), state = ?, finished_at = ?
                    WHERE id = ? AND state = 'pending'
                    """,
                arguments: [
                    now.timeIntervalSince1970, error, retryAt?.timeIntervalSince1970,
                    retryAt == nil ? WebhookDelivery.State.failed.rawValue : WebhookDelivery.State.pending.rawValue,
                    retryAt == nil ? now.timeIntervalSince1970 : nil, id,
                ]
            )
        }
    }

    /// How each of these endpoints' deliveries stand.
    public func webhookStandings(_ urls: [String]) throws -> [WebhookStanding] {
        try writer.read { db in
            try urls.map { url in
                var standing = WebhookStanding(url: url)
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT state, count(*) AS n FROM webhook_delivery WHERE webhook = ? GROUP BY state",
                    arguments: [url]
                ) {
                    switch row["state"] as String {
                    case "pending": standing.pending = row["n"]
                    case "delivered": standing.delivered = row["n"]
                    default: standing.failed = row["n"]
                    }
                }
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT last_error, last_attempt_at FROM webhook_delivery
                        WHERE webhook = ? AND last_error IS NOT NULL ORDER BY last_attempt_at DESC LIMIT 1
                        """,
                    arguments: [url]
                ) {
                    standing.lastError = row["last_error"]
                    standing.lastErrorAt = (row["last_attempt_at"] as Double?).map(Date.init(timeIntervalSince1970:))
                }
                standing.lastSuccessAt = try Double.fetchOne(
                    db,
                    sql: "SELECT last_success_at FROM webhook_cursor WHERE webhook = ?",
                    arguments: [url]
                )
                .map(Date.init(timeIntervalSince1970:))
                standing.oldestPendingAt = try Double.fetchOne(
                    db,
                    sql: "SELECT min(created_at) FROM webhook_delivery WHERE webhook = ? AND state = 'pending'",
                    arguments: [url]
                )
                .map(Date.init(timeIntervalSince1970:))
                return standing
            }
        }
    }

    private static func delivery(_ row: Row) -> WebhookDelivery {
        WebhookDelivery(
            id: row["id"],
            webhook: row["webhook"],
            eventID: row["event_id"],
            eventType: EventKind(rawValue: row["event_type"]),
            body: row["body"],
            state: WebhookDelivery.State(rawValue: row["state"]) ?? .failed,
            attempts: row["attempts"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]),
            lastError: row["last_error"]
        )
    }
}
