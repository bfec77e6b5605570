import CurfewAPI
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Prometheus
import Synchronization
import Testing

/// logind in memory.
final class FakeSessions: LoginSessions {
    private let state: Mutex<[Session]>
    init(_ sessions: [Session]) { state = Mutex(sessions) }
    func list() async throws -> [Session] { state.withLock { $0 } }
    func terminate(sessionID: String) async throws -> TerminateResult {
        state.withLock { sessions in
            guard let index = sessions.firstIndex(where: { $0.id == sessionID }) else { return .gone }
            sessions.remove(at: index)
            return .terminated
        }
    }
    var ids: [String] { state.withLock { $0.map(\.id) } }
}

extension Session {
    static func ssh(_ id: String, user: String, uid: UInt32) -> Session {
        Session(id: id, user: user, uid: uid, remoteHost: "10.0.0.5", tty: "pts/\(id)", service: "sshd", type: "tty")
    }
}

/// A user database as a table of each user's groups.
struct GroupTable: UserDirectory {
    var groups: [String: Set<String>]
    func groups(of user: String, uid: UInt32) -> Set<String> { groups[user] ?? [] }
    func groupExists(_ name: String) -> Bool { groups.values.contains { $0.contains(name) } }
    func standing(of user: String, uid: UInt32) -> AccountStanding { AccountStanding() }
}

struct NoTerminals: NoticeDelivery {
    func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
        sessions.map { NoticeReceipt(sessionID: $0.id, delivery: .terminal) }
    }
}

/// The API's router on a real store and scheduler (real timer, jobs far enough ahead not to fire), with the caller
/// chosen by the test instead of SO_PEERCRED.
struct APIHarness {
    static let root = PeerCredentials(pid: 100, uid: 0, gid: 0)
    /// A user who is neither root nor in the admin group.
    static let alice = PeerCredentials(pid: 200, uid: 1000, gid: 1000)

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-api-\(UUID().uuidString)")
    let store: TerminationStore
    let scheduler: Scheduler
    let sessions: FakeSessions
    let env: APIEnvironment

    init(
        sessions: [Session] = [.ssh("1", user: "alice", uid: 1000), .ssh("2", user: "bob", uid: 1001)],
        users: any UserDirectory = SystemUserDirectory()
    ) async throws {
        store = try TerminationStore(path: directory.appendingPathComponent("curfew.sqlite").path)
        self.sessions = FakeSessions(sessions)
        var config = Configuration(environment: [:])
        config.adminGroup = "curfew-test-admins"
        let settings = LiveConfiguration(config)
        scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: self.sessions,
            notifier: NoTerminals(),
            config: settings,
            directory: users
        )
        _ = try await scheduler.start()
        env = APIEnvironment(
            scheduler: scheduler,
            store: store,
            sessions: self.sessions,
            config: settings,
            metrics: PrometheusCollectorRegistry()
        )
    }

    /// Runs `body` against the router with requests coming from `caller`.
    func test(
        as caller: PeerCredentials = Self.root,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = APIServer.router(env) { _ in caller }
        try await Application(router: router).test(.router, body)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

extension TestClientProtocol {
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: String? = nil,
        headers: HTTPFields = [:]
    )
        async throws -> TestResponse
    {
        try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension APIEnvironment {
    /// The real API server on a Unix socket at the configured path, returned once it listens; cancel the task to
    /// stop it.
    func serveOnSocket() async throws -> Task<Void, any Error> {
        let (listening, ready) = AsyncStream.makeStream(of: Void.self)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let app = try APIServer.service(self, socket: .path(config.socketPath), logger: logger) { _ in ready.yield() }
        let server = Task { try await app.run() }
        for await _ in listening { break }
        return server
    }
}
