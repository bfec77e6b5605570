import ArgumentParser
import CurfewClient
import CurfewCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension Curfewctl {
    /// `curfewctl pam-account`: the login gate, run by pam_exec in PAM's account phase.
    struct PamAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pam-account",
            abstract: "The login gate, for pam_exec in PAM's account phase.",
            discussion: """
                Reads PAM_USER, PAM_RHOST and PAM_SERVICE from the environment (pam_exec sets them) and asks \
                curfewd, within 1 s, whether the login may go on. A refusal prints its reason on standard output \
                (pam_exec's stdout option shows it to the user) and exits 1. Protected users are always let in, \
                and so is the service systemd-user (a user's service manager, started for a login already let in). \
                When curfewd cannot answer in time, login_gate.on_error in the configuration decides (allow by \
                default), and the journal says so (syslog, identifier curfewctl).

                Installed by scripts/install --pam as the pam-auth-update profile curfew:
                  account required pam_exec.so quiet stdout /usr/local/bin/curfewctl pam-account
                """
        )

        @OptionGroup var pam: PamOptions

        func run() async throws {
            let environment = Console.current.environment
            let settings = pam.settings()
            let user = environment["PAM_USER"] ?? ""
            // Break-glass accounts get in whatever curfewd says or whether it answers; a user's service manager
            // (user@.service) starts for a login that was already let in.
            if settings.config?.isProtected(user) ?? (user == "root") { return }
            if environment["PAM_SERVICE"] == PamOptions.userManagerService { return }
            let body = GateBody(
                user: user,
                remoteHost: environment["PAM_RHOST"],
                service: environment["PAM_SERVICE"] ?? ""
            )
            let answer: GateReply
            do {
                answer = try GateReply(json: pam.ask("/v1/gate", body, socket: settings.socket).body)
            } catch {
                let onError = settings.config?.loginGate.onError ?? .allow
                PamOptions.log(
                    "curfewd could not answer the login gate for \(PamOptions.describe(body)): \(PamOptions.reason(error)); login_gate.on_error is \(onError.rawValue), so the login is \(onError == .allow ? "allowed" : "refused")"
                )
                guard onError == .deny else { return }
                Console.current.print("Logins are refused while curfew cannot be asked; try again later.")
                throw ExitCode.failure
            }
            guard !answer.allowed else { return }
            Console.current.print(TerminalText.sanitize(answer.message ?? "Logins are refused now.", maxLength: 1000))
            throw ExitCode.failure
        }
    }

    /// `curfewctl pam-session`: tells a user at login which of their sessions curfew ended, each once.
    struct PamSession: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pam-session",
            abstract: "Tell a user at login why their last session ended, for pam_exec in PAM's session phase.",
            discussion: """
                When PAM opens a session (PAM_TYPE open_session), prints one line for each session of PAM_USER \
                that curfew ended and the user has not been told about yet; pam_exec's stdout option hands them \
                to the login program (sshd shows them to interactive logins). Always exits 0: it never stands in \
                the way of a login.
                  session optional pam_exec.so quiet stdout /usr/local/bin/curfewctl pam-session
                """
        )

        @OptionGroup var pam: PamOptions

        func run() async throws {
            let environment = Console.current.environment
            guard environment["PAM_TYPE"] == "open_session",
                environment["PAM_SERVICE"] != PamOptions.userManagerService
            else { return }
            let settings = pam.settings()
            let body = GateBody(
                user: environment["PAM_USER"] ?? "",
                remoteHost: environment["PAM_RHOST"],
                service: environment["PAM_SERVICE"] ?? ""
            )
            do {
                let told = try ToldReply(json: pam.ask("/v1/gate/session", body, socket: settings.socket).body)
                for message in told.messages {
                    Console.current.print(TerminalText.sanitize(message, maxLength: 1000))
                }
            } catch {
                PamOptions.log("could not ask curfewd about \(PamOptions.describe(body)): \(PamOptions.reason(error))")
            }
        }
    }
}

/// What both PAM commands share: the configuration they read themselves (curfewd may be down), the socket and
/// the 1 s budget.
struct PamOptions: ParsableArguments {
    @Option(help: ArgumentHelp("curfew's configuration file, for login_gate and protected_users.", valueName: "path"))
    var config = "/etc/curfew/curfew.yaml"

    @Option(
        help: ArgumentHelp(
            "curfewd's Unix socket (default: the configuration's, else \(DaemonOptions.systemSocket)).",
            valueName: "path"
        )
    )
    var socket: String?

    static let budget = Duration.seconds(1)
    static let userManagerService = "systemd-user"

    struct Settings {
        var config: Configuration?
        var socket: String
    }

    /// The configuration if it can be read (a missing file is the defaults); what went wrong is logged.
    func settings() -> Settings {
        var loaded: Configuration?
        if FileManager.default.fileExists(atPath: config) {
            do {
                loaded = try ConfigurationFile.load(path: config, environment: [:])
            } catch {
                Self.log("\(error.message); going on with login_gate.on_error allow and only root protected")
            }
        } else {
            loaded = Configuration(environment: [:])
        }
        let configured = loaded?.socketPath
        let unset = Configuration(environment: [:]).socketPath
        return Settings(
            config: loaded,
            socket: socket ?? (configured == nil || configured == unset ? DaemonOptions.systemSocket : configured!)
        )
    }

    /// One POST within the budget; any reply but 2xx is an error.
    func ask(_ path: String, _ body: GateBody, socket: String) throws -> DaemonReply {
        var client = DaemonClient(socketPath: socket, replyTimeout: Self.budget)
        client.connectTimeout = Self.budget
        let reply = try client.exchange(DaemonRequest(method: .POST, path: path, body: Data(body.json)))
        guard (200..<300).contains(reply.status) else { throw reply.failure }
        return reply
    }

    static func describe(_ body: GateBody) -> String {
        "user '\(GateQuery.escaped(body.user, limit: 64))' from '\(GateQuery.escaped(body.remoteHost ?? "", limit: 64))' through '\(GateQuery.escaped(body.service, limit: 64))'"
    }

    static func reason(_ error: any Error) -> String {
        if let failure = error as? CommandFailure { return failure.message }
        if let error = error as? JSONError { return "its reply could not be read: \(error)" }
        if let error = error as? DaemonConnectionError {
            switch error {
            case .connectTimedOut, .replyTimedOut: return "no answer within 1 s"
            case .system(let call, let code): return "\(call): \(String(cString: strerror(code)))"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }

    /// To syslog (the journal), facility authpriv, as the other PAM programs log.
    static func log(_ message: String) {
        // openlog keeps the identifier's pointer: it must live until closelog.
        "curfewctl".withCString { identifier in
            openlog(identifier, LOG_PID, LOG_AUTHPRIV)
            message.withCString { text in
                withVaList([text]) { vsyslog(LOG_WARNING, "%s", $0) }
            }
            closelog()
        }
    }
}
