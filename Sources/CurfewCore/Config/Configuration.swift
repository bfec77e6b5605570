import Foundation

/// curfewd's settings. Every field has a default that works out of the box.
public struct Configuration: Sendable, Equatable {
    /// Where the queue lives (curfew.sqlite). systemd's StateDirectory when run by it.
    public var stateDirectory: String
    /// The API's Unix socket.
    public var socketPath: String
    /// Members may do everything through the API; others may only read their own sessions.
    public var adminGroup: String
    /// The group that may connect to the socket at all; nil means the admin group.
    public var socketGroup: String?
    /// The socket's mode: 0660 keeps everyone outside the socket group out; 0666 lets every local user ask about
    /// their own sessions (SO_PEERCRED still decides what each may do).
    public var socketMode: UInt16
    /// Never terminated; root always is, whatever this says.
    public var protectedUsers: [String]
    /// The notice plan for jobs that do not name their own.
    public var notices: NoticePlan
    /// Jobs whose due time passed longer ago than this while the daemon was down are marked missed instead of
    /// fired; nil fires every overdue job.
    public var missedAfter: Int?
    /// Daemon-wide rehearsal: nothing is terminated and no terminal is written.
    public var dryRun: Bool
    /// Shown in notices: who users can turn to.
    public var contact: String?
    /// How long events are kept for consumers that resume from an id; older ones are pruned.
    public var eventRetention: Int
    /// Receivers that get events POSTed to them, signed.
    public var webhooks: [WebhookEndpoint]
    /// Standing rules that end sessions by themselves (idle, lifetime, hours, ...), each through ordinary
    /// terminations.
    public var policies: [Policy]
    /// Bytes kept free for firing on the state directory's file system (a file of allocated blocks, `reserve`), given
    /// back to SQLite only when the disk fills up; 0 keeps none.
    public var diskReserve: Int64
    /// Fleet mode's database and this host's id and labels; nil keeps curfew single-host.
    public var fleet: FleetConfiguration?
    /// What the PAM login gate does when curfewd cannot answer it in time (`login_gate: {on_error: allow}`).
    public var loginGate: LoginGateSettings

    public static let defaultEventRetention = 30 * 86_400
    /// Meant for firing 1,000 jobs of 10 sessions each with the disk full; `curfew-bench reserve` measures a burst.
    public static let defaultDiskReserve: Int64 = 32 << 20

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        // systemd passes StateDirectory= and RuntimeDirectory= as absolute paths; otherwise stay in a local folder.
        self.stateDirectory =
            environment["STATE_DIRECTORY"].flatMap { $0.split(separator: ":").first.map(String.init) }
            ?? ".curfew/state"
        let runtime =
            environment["RUNTIME_DIRECTORY"].flatMap { $0.split(separator: ":").first.map(String.init) }
            ?? ".curfew/run"
        self.socketPath = runtime + "/curfewd.sock"
        self.adminGroup = "curfew"
        self.socketGroup = nil
        self.socketMode = 0o660
        self.protectedUsers = ["root"]
        self.notices = .standard
        self.missedAfter = nil
        self.dryRun = false
        self.contact = nil
        self.eventRetention = Self.defaultEventRetention
        self.webhooks = []
        self.policies = []
        self.diskReserve = Self.defaultDiskReserve
        self.fleet = nil
        self.loginGate = LoginGateSettings()
    }

    public var databasePath: String { stateDirectory + "/curfew.sqlite" }

    public var reservePath: String { stateDirectory + "/reserve" }

    /// Whether a user may never be terminated.
    public func isProtected(_ user: String) -> Bool {
        user == "root" || protectedUsers.contains(user)
    }
}
