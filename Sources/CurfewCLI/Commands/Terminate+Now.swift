import ArgumentParser
import CurfewClient
import CurfewCore
import Foundation

extension Curfewctl.Terminate {
    /// How long to keep looking at a job that is still firing before leaving it to `show`.
    static let settleTime = Duration.seconds(10)

    /// Ends the target now, after confirmation, and exits 1 if any resulting termination failed.
    func endNow(_ client: DaemonClient, confirming: Bool) async throws {
        if confirming { try await confirm(client) }
        var jobs: [TerminationReply] = []
        if dryRun || all || group != nil || !filter.isEmpty {
            // DELETE /v1/sessions can say neither dry run, filters nor a group; a job due "now" says all three.
            let created = try await client.post(
                "/v1/terminations",
                body: try body(at: "now", within: nil),
                idempotencyKey: UUID().uuidString
            )
            jobs.append(try await report(created, client))
        } else if let user {
            let reply = try await client.delete(
                "/v1/sessions",
                query: [("user", user), ("reason", reason)] + holdQuery
            )
            jobs.append(try await report(reply, client))
        } else {
            for id in sessions {
                let path = "/v1/sessions/\(DaemonRequest.percentEncoded(id))"
                let query = [("reason", reason)] + holdQuery
                jobs.append(try await report(try await client.delete(path, query: query), client))
            }
        }
        if let failed = jobs.first(where: { $0.state == .failed }) {
            throw CommandFailure(
                "termination \(failed.id) failed: see each session's error (curfewctl show \(failed.id))"
            )
        }
    }

    private var holdQuery: [(String, String?)] { [("hold", hold), ("hold_until", holdUntil)] }

    /// Prints a job once it has settled (or the settling time is up) and returns it.
    private func report(_ reply: DaemonReply, _ client: DaemonClient) async throws -> TerminationReply {
        var reply = reply
        var job = try reply.decode(TerminationReply.self)
        let deadline = ContinuousClock.now + Self.settleTime
        while !job.state.isFinal, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            reply = try await client.get("/v1/terminations/\(job.id)")
            job = try reply.decode(TerminationReply.self)
        }
        try daemon.show(reply, as: TerminationReply.self) { rendering, job in
            let text = rendering.termination(job)
            guard !job.state.isFinal else { return text }
            return text + "\nstill \(job.state.rawValue); curfewctl show \(job.id) tells how it ends"
        }
        return job
    }

    /// Asks "End N session(s) of ... now? [y/N]" on the terminal; anything but yes ends the command (exit 1).
    private func confirm(_ client: DaemonClient) async throws {
        let console = Console.current
        let question = try await question(client)
        console.writeError(TerminalText.sanitize(question) + " [y/N] ")
        let answer = console.readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw CommandFailure("not confirmed; nothing was ended") }
    }

    /// The question, with the sessions counted from what is live now.
    func question(_ client: DaemonClient) async throws -> String {
        let query: [(String, String?)] = [
            ("user", user), ("remote_host", filter.remoteHost), ("service", filter.service), ("limit", "1000"),
        ]
        let page = try await client.get("/v1/sessions", query: query).decode(SessionPage.self)
        var live = page.sessions.filter(filter.matches)
        if let group {
            // curfewctl runs on curfewd's host: the same NSS says who is in the group now.
            let directory = SystemUserDirectory()
            live = live.filter { directory.groups(of: $0.user, uid: $0.uid).contains(group) }
            let count = page.total > page.sessions.count ? "\(live.count) or more" : "\(live.count)"
            return "End \(count) session(s) of the members of group \(group)\(filter.suffix) now?"
        }
        guard sessions.isEmpty else {
            var users: [String] = []
            for session in live where sessions.contains(session.id) && !users.contains(session.user) {
                users.append(session.user)
            }
            let whose = users.isEmpty ? "" : " of \(Rendering.list(users))"
            return "End \(sessions.count) session(s)\(whose) (\(sessions.joined(separator: ", "))) now?"
        }
        let count = page.total > page.sessions.count ? "\(live.count) or more" : "\(live.count)"
        return "End \(count) session(s) of \(user ?? "all users")\(filter.suffix) now?"
    }
}
