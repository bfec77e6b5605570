#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurfewClient
import CurfewText

/// `curfewctl pam-account` and `pam-session` when curfewd answers, as the full commands give it: the gate's verdict
/// (curfewd lets protected users in itself), and the "why was I logged out" lines at a login. When curfewd cannot be
/// asked (or the configuration names another socket), the full command reads the configuration for protected
/// users, the socket and `login_gate.on_error`, and logs why.
struct QuickPam {
    var socket: String?
    var environment: [String: String]

    init?(_ words: ArraySlice<String>, environment: [String: String]) {
        var arguments = QuickArguments(Array(words))
        // --config matters only when curfewd cannot be asked, which is the full command's to handle.
        guard let items = arguments.items(options: ["socket", "config"], flags: []) else { return nil }
        for case .option("socket", let value) in items { socket = value }
        self.environment = environment
    }

    /// The gate, in PAM's account phase.
    func account() -> QuickCurfewctl.Outcome {
        // A user's service manager starts for a login that was already let in.
        if environment["PAM_SERVICE"] == "systemd-user" { return .done(output: "", status: 0) }
        guard let reply = ask("/v1/gate"), let answer = try? GateReply(json: reply) else {
            return .full(environment: [:])
        }
        guard !answer.allowed else { return .done(output: "", status: 0) }
        return .done(
            output: TerminalText.sanitize(answer.message ?? "Logins are refused now.", maxLength: 1000),
            status: 1
        )
    }

    /// The sessions curfew ended that the user has not been told about, in PAM's session phase; never refuses.
    func session() -> QuickCurfewctl.Outcome {
        guard environment["PAM_TYPE"] == "open_session", environment["PAM_SERVICE"] != "systemd-user" else {
            return .done(output: "", status: 0)
        }
        guard let reply = ask("/v1/gate/session"), let told = try? ToldReply(json: reply) else {
            return .full(environment: [:])
        }
        let lines = told.messages.map { TerminalText.sanitize($0, maxLength: 1000) }
        return .done(output: lines.joined(separator: "\n"), status: 0)
    }

    /// One POST about this login within PAM's 1 s budget: the reply's body, nil on anything but a 2xx reply.
    private func ask(_ path: String) -> [UInt8]? {
        let query = GateBody(
            user: environment["PAM_USER"] ?? "",
            remoteHost: environment["PAM_RHOST"],
            service: environment["PAM_SERVICE"] ?? ""
        )
        let body = query.json
        guard
            let reply = try? DaemonConnection.exchange(
                socketPath: socket ?? SocketPath.system,
                head: DaemonConnection.head(.POST, path, bodyLength: body.count),
                body: body,
                connectTimeout: .seconds(1),
                replyTimeout: .seconds(1)
            ),
            (200..<300).contains(reply.status)
        else { return nil }
        return reply.body
    }
}
