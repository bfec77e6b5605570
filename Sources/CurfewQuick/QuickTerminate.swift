#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurfewClient

/// `curfewctl terminate` for a job at a time (`--at` or `--in`) on this host, the form shell loops use: the same
/// checks and the same request body as the full command (`TerminateRequest`), the reply printed as it prints it.
/// Ending sessions now (a confirmation), fleet jobs and help are the full command's.
struct QuickTerminate {
    var request = TerminateRequest()
    var socket: String?
    var json = false
    var environment: [String: String]

    static let options: Set = [
        "user", "group", "remote-host", "service", "tty", "class", "type", "at", "in", "reason", "notice", "hold",
        "hold-until", "socket",
    ]
    static let flags: Set = ["all", "no-notice", "dry-run", "json", "yes"]

    init?(_ words: ArraySlice<String>, environment: [String: String]) {
        var arguments = QuickArguments(Array(words))
        guard let items = arguments.items(options: Self.options, lists: ["session"], flags: Self.flags) else {
            return nil
        }
        self.environment = environment
        for item in items {
            switch item {
            case .list(_, let ids): request.sessions = ids
            case .flag("all"): request.all = true
            case .flag("no-notice"): request.noNotice = true
            case .flag("dry-run"): request.dryRun = true
            case .flag("json"): json = true
            case .flag: break  // --yes: only --now asks
            case .option(let name, let value): set(name, value)
            }
        }
        guard request.problem() == nil else { return nil }
    }

    private mutating func set(_ name: String, _ value: String) {
        switch name {
        case "user": request.user = value
        case "group": request.group = value
        case "remote-host": request.remoteHost = value
        case "service": request.service = value
        case "tty": request.tty = value
        case "class": request.sessionClass = value
        case "type": request.type = value
        case "at": request.at = value
        case "in": request.within = value
        case "reason": request.reason = value
        case "notice": request.notice = value
        case "hold": request.hold = value
        case "hold-until": request.holdUntil = value
        default: socket = value
        }
    }

    /// POSTs the job; any reply but a new or replayed job, or none, is the full command's to tell, under the same
    /// Idempotency-Key, so a job this call made after all comes back instead of a second one.
    func run(now: Date) -> QuickCurfewctl.Outcome {
        let key = UUID().uuidString
        let handOver = QuickCurfewctl.Outcome.full(environment: [FullCurfewctl.idempotencyKeyVariable: key])
        guard let body = try? APIJSON.encode(request.body()) else { return handOver }
        let reply: DaemonResponse
        do {
            reply = try DaemonConnection.exchange(
                socketPath: SocketPath.resolve(socket, environment: environment),
                head: DaemonConnection.head(.POST, "/v1/terminations", bodyLength: body.count, idempotencyKey: key),
                body: Array(body),
                connectTimeout: .seconds(2),
                replyTimeout: .seconds(15)
            )
        } catch {
            return handOver
        }
        guard (200..<300).contains(reply.status) else { return handOver }
        if json { return .done(output: String(decoding: reply.body, as: UTF8.self), status: 0) }
        guard let job = try? APIJSON.decoder.decode(TerminationReply.self, from: Data(reply.body)) else {
            return handOver
        }
        let rendering = LocalTimeRendering(now: now, environment: environment)
        return .done(output: rendering.termination(job), status: 0)
    }
}
