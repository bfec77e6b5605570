import CurfewCore
import CurfewFleet
import CurfewScheduler
import CurfewStore
import Foundation
import Hummingbird
import Prometheus

/// What the routes work with.
public struct APIEnvironment: Sendable {
    public var scheduler: Scheduler
    public var store: TerminationStore
    public var sessions: any LoginSessions
    /// The settings in force; a reload replaces them.
    public var settings: LiveConfiguration
    public var metrics: PrometheusCollectorRegistry
    public var startedAt: Date
    public var now: @Sendable () -> Date
    /// How often an idle event stream sends a comment line, so both ends know the connection lives.
    public var eventKeepalive: Duration
    /// Fleet mode's agent; nil when the configuration has no `fleet:`.
    public var fleet: FleetAgent?
    /// Desktop notices waiting for the users' notification helpers.
    public var desktopInbox: DesktopInbox

    public init(
        scheduler: Scheduler,
        store: TerminationStore,
        sessions: any LoginSessions,
        config: LiveConfiguration,
        metrics: PrometheusCollectorRegistry,
        startedAt: Date = Date(),
        now: @escaping @Sendable () -> Date = { Date() },
        eventKeepalive: Duration = .seconds(15),
        fleet: FleetAgent? = nil,
        desktopInbox: DesktopInbox = DesktopInbox()
    ) {
        self.scheduler = scheduler
        self.store = store
        self.sessions = sessions
        self.settings = config
        self.metrics = metrics
        self.startedAt = startedAt
        self.now = now
        self.eventKeepalive = eventKeepalive
        self.fleet = fleet
        self.desktopInbox = desktopInbox
    }

    public var config: Configuration { settings.current }

    /// Reads a due time the way the daemon's zone and clock see it.
    func dueTime(at: String?, within: String?) throws -> DueTime {
        switch (at, within) {
        case (let at?, nil):
            return try DueTimeParser(now: now()).parse(at)
        case (nil, let within?):
            return DueTime(instant: now().addingTimeInterval(TimeInterval(try DurationText.parse(within))))
        default:
            throw APIError.badRequest(
                "give exactly one of 'at' (e.g. \"tomorrow 18:00\" or \"now\") and 'in' (e.g. \"30m\")"
            )
        }
    }

    /// A hold as a request gives it: `hold` a duration after the sessions end, or `hold_until` a time; not both.
    func holdSpec(hold: String?, until: String?) throws -> HoldSpec? {
        switch (hold, until) {
        case (nil, nil): return nil
        case (let hold?, nil):
            do {
                return .duration(try DurationText.parse(hold))
            } catch {
                throw APIError.badRequest("'hold': \(error.message)")
            }
        case (nil, let until?):
            do {
                return .until(try DueTimeParser(now: now()).parse(until).instant)
            } catch {
                throw APIError.badRequest("'hold_until': \(error.message)")
            }
        default:
            throw APIError.badRequest(
                "give at most one of 'hold' (e.g. \"2h\") and 'hold_until' (e.g. \"tomorrow 08:00\")"
            )
        }
    }

    /// Live sessions from logind, or 503 when it cannot be asked.
    func liveSessions() async throws -> [Session] {
        do {
            return try await sessions.list()
        } catch {
            throw APIError(.serviceUnavailable, "unavailable", "cannot list sessions from logind: \(error)")
        }
    }
}

/// JSON replies with the API's conventions: snake_case keys, 200 unless said otherwise.
func reply(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(TimeText.rfc3339(date))
    }
    encoder.outputFormatting = [.withoutEscapingSlashes]
    var headers = headers
    headers[.contentType] = "application/json"
    return Response(
        status: status,
        headers: headers,
        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
    )
}
