import CurfewCore
import Foundation

extension Rendering {
    /// `curfewctl policies`: one block per policy.
    ///
    ///     office-idle  idle (limit 1h, activity input-or-output)
    ///       scope      groups staff; services sshd
    ///       in scope   3 sessions: 12, 14, 15
    ///       next       idle limit 14:32 (office-idle): session 12
    func policies(_ reply: PoliciesReply) -> String {
        guard !reply.policies.isEmpty else { return "no policies (the configuration's policies: key is empty)" }
        return reply.policies.map { policy in
            let settings = policy.settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            var lines = [safe("\(policy.name)  \(policy.kind) (\(settings.joined(separator: ", ")))")]
            var fields: [(String, String)] = [
                ("scope", safe(policy.scope.summary)),
                (
                    "notices",
                    policy.notices.isEmpty ? "none" : policy.notices.map(DurationText.format).joined(separator: ",")
                ),
                ("reason", safe(policy.reason)),
            ]
            if policy.dryRun { fields.append(("dry run", "yes: records, ends nothing")) }
            let noun = policy.sessions.count == 1 ? "session" : "sessions"
            let shown = policy.sessions.prefix(10).joined(separator: ", ")
            let more = policy.sessions.count > 10 ? ", ..." : ""
            fields.append(
                (
                    "in scope",
                    policy.sessions.isEmpty ? "no sessions" : "\(policy.sessions.count) \(noun): \(safe(shown))\(more)"
                )
            )
            if !policy.pendingTerminations.isEmpty {
                fields.append(("pending", policy.pendingTerminations.map { "#\($0)" }.joined(separator: ", ")))
            }
            fields.append(
                ("next", policy.next.map { "\(policyEnd($0.end)): session \(safe($0.session))" } ?? "nothing foreseen")
            )
            for exempt in policy.exempt {
                fields.append(("exempt", safe("session \(exempt.session): \(exempt.why)")))
            }
            lines += fields.map { "  " + $0.0.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + $0.1 }
            return lines.joined(separator: "\n")
        }
        .joined(separator: "\n\n")
    }
}
