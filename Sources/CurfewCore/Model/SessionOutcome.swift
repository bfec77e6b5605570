import Foundation

/// What became of one session when its termination fired.
public struct SessionOutcome: Sendable, Equatable, Codable {
    public enum Result: String, Sendable, Codable, CaseIterable {
        /// Chosen at firing, not yet acted on; a crash leaves it here and recovery finishes it.
        case pending
        case terminated
        /// The session had ended (or was replaced by a new one with the same id) before we got to it.
        case gone
        case failed
        case skippedProtected = "skipped-protected"
        case dryRun = "dry-run"
    }

    public var sessionID: String
    public var user: String
    public var result: Result
    public var error: String?
    public var at: Date?
    /// Where the session was, for telling its user at the next login.
    public var tty: String?
    public var remoteHost: String?

    public init(
        sessionID: String,
        user: String,
        result: Result,
        error: String? = nil,
        at: Date? = nil,
        tty: String? = nil,
        remoteHost: String? = nil
    ) {
        self.sessionID = sessionID
        self.user = user
        self.result = result
        self.error = error
        self.at = at
        self.tty = tty
        self.remoteHost = remoteHost
    }
}
