import ArgumentParser
import CurfewAPI
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Logging
import Prometheus

/// `curfew-bench api`: the real API server on a real Unix socket, one client, durable terminations in dry run.
struct APIBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Terminations scheduled per second over the socket by one client, and the time to read a page."
    )

    @Option(help: "Terminations to POST, one after another over one connection.")
    var posts = 3_000

    @Option(help: "Terminations in the store when pages are read.")
    var stored = 10_000

    @Option(help: "Pages of 100 to read.")
    var pages = 200

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    mutating func validate() throws {
        guard posts > 0, stored >= posts, pages > 0 else {
            throw ValidationError("--posts and --pages must be more than 0, and --stored at least --posts")
        }
    }

    struct Figures: Encodable {
        var posts: Int
        var postsPerS: Double
        var postLatencyMs: Result.Percentiles
        var stored: Int
        var pageOf100Ms: Result.Percentiles
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-bench-api-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Configuration(environment: [:])
        config.dryRun = true
        config.stateDirectory = folder.path
        config.socketPath = folder.appendingPathComponent("curfewd.sock").path
        let store = try TerminationStore(path: config.databasePath)
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

        try await SocketClient.with(socket: config.socketPath) { client in
            try await measure(client, store: store)
        }
    }

    private func measure(_ client: SocketClient, store: TerminationStore) async throws {
        // Durable POSTs, one at a time: each is committed before its 201 comes back.
        var postLatencies: [Double] = []
        let started = ContinuousClock.now
        for i in 0..<posts {
            let body = #"{"target": {"user": "bench\#(i % 100)"}, "in": "\#(1 + i % 1000)h", "reason": "benchmark"}"#
            let sent = ContinuousClock.now
            let status = try await client.send(.POST, "/v1/terminations", body: body).status
            postLatencies.append((ContinuousClock.now - sent).seconds * 1000)
            guard status == 201 else { throw ValidationError("POST answered \(status)") }
        }
        let postsPerS = Double(posts) / (ContinuousClock.now - started).seconds

        // Fill up to `stored` quickly, then read pages from all over the list.
        let rest = stored - posts
        var drafts: [TerminationDraft] = []
        for i in 0..<rest {
            drafts.append(SchedulerBenchmark.draft(due: Date().addingTimeInterval(Double(3600 + i))))
            if drafts.count == 5_000 || i == rest - 1 {
                _ = try store.insert(drafts, at: Date())
                drafts.removeAll()
            }
        }
        var pageLatencies: [Double] = []
        for i in 0..<pages {
            let offset = (i * 100) % max(stored - 100, 1)
            let sent = ContinuousClock.now
            let status = try await client.send(.GET, "/v1/terminations?limit=100&offset=\(offset)").status
            pageLatencies.append((ContinuousClock.now - sent).seconds * 1000)
            guard status == 200 else { throw ValidationError("GET answered \(status)") }
        }

        let figures = Figures(
            posts: posts,
            postsPerS: postsPerS.rounded(),
            postLatencyMs: .init(postLatencies.sorted()),
            stored: stored,
            pageOf100Ms: .init(pageLatencies.sorted())
        )
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            func ms(_ p: Result.Percentiles) -> String { "p50 \(p.p50) ms, p99 \(p.p99) ms, max \(p.max) ms" }
            print("durable POSTs, one client     \(Int(figures.postsPerS)) /s (\(posts) requests)")
            print("  latency                     \(ms(figures.postLatencyMs))")
            print("page of 100 of \(stored)     \(ms(figures.pageOf100Ms))")
        }
    }
}
