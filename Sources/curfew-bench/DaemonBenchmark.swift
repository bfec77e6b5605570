import ArgumentParser
import CurfewCore
import Foundation

/// `curfew-bench enqueue`: POSTs terminations to a running curfewd, as fast as one client can, and says how long it
/// took. Used by benchmarks/compare inside a lab container.
struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "POSTs N terminations to a running curfewd's socket; prints the time taken as JSON.",
        discussion: """
            Job i is due at --first-due + i * --spacing (seconds since the epoch; default: in one hour), for user \
            bench-user-(i mod 100), with no notices. Each POST is acknowledged only once the job is committed.
            """
    )

    @Option(help: "The API's Unix socket.")
    var socket = "/run/curfew/curfewd.sock"

    @Option(help: "Terminations to POST.")
    var count = 1_000

    @Option(help: "Due time of the first job, seconds since the epoch (fractions allowed); default now + 1 h.")
    var firstDue: Double?

    @Option(help: "Seconds between the due times of consecutive jobs.")
    var spacing = 1.0

    @Option(help: "Requests in flight at once, each on its own connection.")
    var connections = 1

    @Option(help: "Write the new jobs' ids here, one a line, with their due times (seconds since the epoch).")
    var ids: String?

    mutating func validate() throws {
        guard count > 0, connections > 0, spacing >= 0 else {
            throw ValidationError("--count and --connections must be more than 0, --spacing at least 0")
        }
    }

    struct Figures: Encodable {
        var count: Int
        var connections: Int
        var seconds: Double
        var perSecond: Double
    }

    private struct Created: Decodable {
        var id: Int64
    }

    func run() async throws {
        let first = firstDue ?? Date().timeIntervalSince1970 + 3600
        let count = count
        let spacing = spacing
        let connections = connections
        let started = ContinuousClock.now
        let created = try await SocketClient.with(socket: socket, connections: connections) { client in
            try await withThrowingTaskGroup(of: [(Int64, Double)].self) { group in
                for worker in 0..<connections {
                    group.addTask {
                        var mine: [(Int64, Double)] = []
                        for i in stride(from: worker, to: count, by: connections) {
                            let due = first + Double(i) * spacing
                            mine.append((try await Self.post(client, index: i, due: due), due))
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        if let ids {
            let lines = created.sorted { $0.0 < $1.0 }.map { "\($0.0) \(String(format: "%.3f", $0.1))\n" }
            try lines.joined().write(toFile: ids, atomically: true, encoding: .utf8)
        }
        let figures = Figures(
            count: count,
            connections: connections,
            seconds: (seconds * 1000).rounded() / 1000,
            perSecond: (Double(count) / seconds).rounded()
        )
        print(try Self.json(figures))
    }

    private static func post(_ client: SocketClient, index: Int, due: Double) async throws -> Int64 {
        let at = TimeText.rfc3339(Date(timeIntervalSince1970: due))
        let body = #"{"target": {"user": "bench-user-\#(index % 100)"}, "at": "\#(at)", "no_notice": true}"#
        let reply = try await client.send(.POST, "/v1/terminations", body: body)
        guard reply.status == 201 else {
            throw ValidationError("POST answered \(reply.status): \(String(decoding: reply.body, as: UTF8.self))")
        }
        return try JSONDecoder().decode(Created.self, from: reply.body).id
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// `curfew-bench fired`: when the jobs listed by `enqueue --ids` really fired, as curfewd recorded it.
struct FiredCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fired",
        abstract: "Prints, for each job in an ids file, its due time and when curfewd fired and finished it.",
        discussion: """
            One line per job: ID DUE FIRED FINISHED, seconds since the epoch. FIRED is when the alarm found the job \
            due (its due time plus lateness_seconds, to the microsecond; written as `firing` before anything is \
            done); FINISHED is the time of its last transition (completed or failed), to the millisecond. Waits up to --wait seconds for every job to finish; a job still \
            unfinished then is printed with - for what it lacks.
            """
    )

    @Option(help: "The API's Unix socket.")
    var socket = "/run/curfew/curfewd.sock"

    @Option(help: "The file written by `curfew-bench enqueue --ids`.")
    var ids: String

    @Option(help: "Seconds to wait for every job to finish.")
    var wait = 30.0

    private struct Job: Decodable {
        struct Transition: Decodable {
            var to: String
            var at: String
        }
        var id: Int64
        var state: String
        var dueAt: String
        var latenessSeconds: Double?
        var history: [Transition]
    }

    func run() async throws {
        let wanted = try String(contentsOfFile: ids, encoding: .utf8).split(separator: "\n").compactMap {
            Int64($0.split(separator: " ").first ?? "")
        }
        let deadline = ContinuousClock.now + .seconds(wait)
        var done: [Int64: Job] = [:]
        var last: [Int64: Job] = [:]
        try await SocketClient.with(socket: socket) { client in
            while true {
                for id in wanted where done[id] == nil {
                    let reply = try await client.send(.GET, "/v1/terminations/\(id)")
                    guard reply.status == 200 else { throw ValidationError("GET \(id) answered \(reply.status)") }
                    let job = try Self.decoder.decode(Job.self, from: reply.body)
                    last[id] = job
                    if ["completed", "failed"].contains(job.state) { done[id] = job }
                }
                if done.count == wanted.count || ContinuousClock.now >= deadline { break }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        for id in wanted {
            guard let job = done[id] ?? last[id] else { continue }
            let due = Self.epoch(job.dueAt)
            let fired = due.flatMap { due in job.latenessSeconds.map { due + $0 } }
            let finished = done[id] != nil ? job.history.last.flatMap { Self.epoch($0.at) } : nil
            print("\(id) \(Self.text(due)) \(Self.text(fired)) \(Self.text(finished))")
        }
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    private static func epoch(_ text: String) -> Double? {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let date = (try? style.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
        return date?.timeIntervalSince1970
    }

    private static func text(_ seconds: Double?) -> String {
        seconds.map { String(format: "%.6f", $0) } ?? "-"
    }
}
