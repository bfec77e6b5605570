import ArgumentParser
import CurfewAPI
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Logging
import Prometheus

/// `curfew-bench gate`: the login gate's answer on the real API server and socket, with a queue of jobs and a set of
/// policies in force; over one client connection, and as pam_exec sees it (a new `curfewctl pam-account` process per
/// login) when `--curfewctl` names the binary.
struct GateBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "The login gate's answer time: over the socket, and as pam_exec sees it (curfewctl pam-account)."
    )

    @Option(help: "Terminations in the queue (dry run, due in hours).")
    var stored = 10_000

    @Option(help: "Policies in force: half hours (open), half max_sessions (end newest).")
    var policies = 20

    @Option(help: "Questions asked over the socket.")
    var asks = 2_000

    @Option(help: "curfewctl to run as pam_exec does, once per login; leave out to skip.")
    var curfewctl: String?

    @Option(help: "Logins through curfewctl pam-account.")
    var logins = 200

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    struct Figures: Encodable {
        var stored: Int
        var policies: Int
        var socketMs: Result.Percentiles
        var pamExecMs: Result.Percentiles?
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-bench-gate-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Configuration(environment: [:])
        config.dryRun = true
        config.stateDirectory = folder.path
        config.socketPath = folder.appendingPathComponent("curfewd.sock").path
        config.policies = try (0..<policies).map { i in
            var scope = PolicyScope()
            scope.users = Set((0..<50).map { "bench\(($0 + i * 5) % 100)" })
            let kind: PolicyKind =
                i % 2 == 0
                ? .hours(try AllowedHours(ranges: ["00:00-24:00"], zone: .current))
                : .maxSessions(SessionLimitRule(limit: 10))
            return Policy(name: "bench-\(i)", kind: kind, scope: scope)
        }
        let store = try TerminationStore(path: config.databasePath)
        var drafts: [TerminationDraft] = []
        for i in 0..<stored {
            drafts.append(SchedulerBenchmark.draft(due: Date().addingTimeInterval(Double(3600 + i))))
            if drafts.count == 5_000 || i == stored - 1 {
                _ = try store.insert(drafts, at: Date())
                drafts.removeAll()
            }
        }
        let settings = LiveConfiguration(config)
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: NoSessions(),
            notifier: NoTerminals(),
            config: settings
        )
        _ = try await scheduler.start()
        let env = APIEnvironment(
            scheduler: scheduler,
            store: store,
            sessions: NoSessions(),
            config: settings,
            metrics: PrometheusCollectorRegistry()
        )
        let (listening, ready) = AsyncStream.makeStream(of: Void.self)
        let app = try APIServer.service(env, socket: .path(config.socketPath), logger: Logger(label: "bench")) { _ in
            ready.yield()
        }
        let server = Task { try await app.run() }
        defer { server.cancel() }
        for await _ in listening { break }

        var socket: [Double] = []
        try await SocketClient.with(socket: config.socketPath) { client in
            for i in 0..<asks {
                let body = #"{"user": "bench\#(i % 100)", "remote_host": "10.0.0.\#(i % 250)", "service": "sshd"}"#
                let sent = ContinuousClock.now
                let status = try await client.send(.POST, "/v1/gate", body: body).status
                socket.append((ContinuousClock.now - sent).seconds * 1000)
                guard status == 200 else { throw ValidationError("POST /v1/gate answered \(status)") }
            }
        }
        var pamExec: [Double] = []
        if let curfewctl {
            for i in 0..<logins {
                let started = ContinuousClock.now
                let status = try ProgramRun.run(
                    curfewctl,
                    ["pam-account", "--config", "/nonexistent", "--socket", config.socketPath],
                    environment: [
                        "PAM_USER": "bench\(i % 100)", "PAM_RHOST": "10.0.0.5", "PAM_SERVICE": "sshd",
                        "PAM_TYPE": "account",
                    ]
                )
                pamExec.append((ContinuousClock.now - started).seconds * 1000)
                guard status == 0 else {
                    throw ValidationError("curfewctl pam-account exited \(status)")
                }
            }
        }
        let figures = Figures(
            stored: stored,
            policies: policies,
            socketMs: .init(socket.sorted()),
            pamExecMs: pamExec.isEmpty ? nil : .init(pamExec.sorted())
        )
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            func ms(_ p: Result.Percentiles) -> String { "p50 \(p.p50) ms, p99 \(p.p99) ms, max \(p.max) ms" }
            print("gate over the socket, \(stored) jobs, \(policies) policies   \(ms(figures.socketMs)) (\(asks) asks)")
            if let exec = figures.pamExecMs {
                print("curfewctl pam-account, as pam_exec runs it   \(ms(exec)) (\(logins) logins)")
            }
        }
    }
}
