import CurfewCore
import CurfewStore
import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

/// `/v1/status`, `/v1/audit`, `/metrics` and `/v1/openapi.yaml`.
struct StatusRoutes {
    let env: APIEnvironment

    static let version = "0.1.0"

    func add(to router: Router<CurfewRequestContext>) {
        router.get("v1/status", use: status)
        router.get("v1/audit", use: audit)
        router.get("metrics", use: metrics)
        router.get("v1/openapi.yaml", use: document)
    }

    struct Status: Encodable {
        var version: String
        var pending: Int
        var nextEventAt: Nullable<String>
        var counts: [String: Int]
        var dryRun: Bool
        var startedAt: String
        var uptimeSeconds: Double
        var events: EventsStatus
        var webhooks: [WebhookStatus]
        var disk: DiskJSON
    }

    /// Whether the state directory has room; while it is full, new jobs are refused and firing uses the reserve.
    struct DiskJSON: Encodable {
        var directory: String
        var full: Bool
        var fullSince: Nullable<String>
        var reserveBytes: Int64
        var reserveCapacityBytes: Int64

        init(_ status: DiskStatus) {
            directory = status.directory
            full = status.isFull
            fullSince = Nullable(status.fullSince.map(TimeText.rfc3339))
            reserveBytes = status.reserveHeld
            reserveCapacityBytes = status.reserveCapacity
        }
    }

    struct EventsStatus: Encodable {
        var newestId: Int64
        var prunedThrough: Int64
        var retentionSeconds: Int
    }

    /// One endpoint's deliveries; its secret is never shown.
    struct WebhookStatus: Encodable {
        var url: String
        var events: [String]
        var pending: Int
        var delivered: Int
        var failed: Int
        var lastError: Nullable<String>
        var lastErrorAt: Nullable<String>
        var lastSuccessAt: Nullable<String>
        var oldestPendingAt: Nullable<String>

        init(_ standing: WebhookStanding, endpoint: WebhookEndpoint) {
            url = standing.url
            events = endpoint.events.map { $0.map(\.rawValue).sorted() } ?? EventKind.allCases.map(\.rawValue)
            pending = standing.pending
            delivered = standing.delivered
            failed = standing.failed
            lastError = Nullable(standing.lastError)
            lastErrorAt = Nullable(standing.lastErrorAt.map(TimeText.rfc3339))
            lastSuccessAt = Nullable(standing.lastSuccessAt.map(TimeText.rfc3339))
            oldestPendingAt = Nullable(standing.oldestPendingAt.map(TimeText.rfc3339))
        }
    }

    @Sendable func status(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let counts = try env.store.countsByState()
        let now = env.now()
        let horizon = try env.store.eventHorizon()
        let endpoints = env.config.webhooks
        let standings = try env.store.webhookStandings(endpoints.map(\.url))
        return try reply(
            Status(
                version: Self.version,
                pending: await env.scheduler.pendingCount,
                nextEventAt: Nullable(await env.scheduler.nextDeadline.map(TimeText.rfc3339)),
                counts: Dictionary(
                    uniqueKeysWithValues: TerminationState.allCases.map { ($0.rawValue, counts[$0] ?? 0) }
                ),
                dryRun: env.config.dryRun,
                startedAt: TimeText.rfc3339(env.startedAt),
                uptimeSeconds: (now.timeIntervalSince(env.startedAt) * 1000).rounded() / 1000,
                events: EventsStatus(
                    newestId: horizon.newestID,
                    prunedThrough: horizon.prunedThrough,
                    retentionSeconds: env.config.eventRetention
                ),
                webhooks: zip(standings, endpoints).map { WebhookStatus($0, endpoint: $1) },
                disk: DiskJSON(env.store.diskStatus)
            )
        )
    }

    @Sendable func audit(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let query = try QueryParameters(request)
        let limit = try query.integer("limit", default: 100, in: 1...1000)
        let offset = try query.integer("offset", default: 0, in: 0...Int(Int32.max))
        let actions = try query.set("action", of: AuditEntry.Action.self) ?? []
        let entries = try env.store.auditEntries(
            since: try query.time("since"),
            until: try query.time("until"),
            actions: actions,
            actor: try query.text("actor"),
            user: try query.text("user"),
            limit: limit,
            offset: offset
        )
        return try reply(Page(items: entries.map(AuditJSON.init), key: "entries", limit: limit, offset: offset))
    }

    @Sendable func metrics(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        try await MetricsSnapshot.update(env)
        var buffer: [UInt8] = []
        env.metrics.emit(into: &buffer)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }

    @Sendable func document(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let data = Array((openAPIDocument + "\n").utf8)
        return Response(
            status: .ok,
            headers: [.contentType: "application/yaml"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
