import Foundation

/// Fleet mode: where the fleet's PostgreSQL database is and who this host is in it. Absent, curfew is single-host.
public struct FleetConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection to PostgreSQL is protected, as libpq's sslmode names them.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP (loopback, or a private network the admin trusts).
        case disable
        /// TLS when the server offers it, plain otherwise; the certificate is not checked.
        case prefer
        /// TLS always; the certificate is not checked (libpq's require).
        case require
        /// TLS always, the certificate checked against the system's CAs and the host name.
        case verifyFull = "verify-full"

        public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
    }

    /// A host name or address, or (starting with `/`) the directory of the server's Unix socket, as libpq.
    public var host: String
    /// The TCP port, or the number in the socket's name (`.s.PGSQL.5432`).
    public var port: Int
    public var user: String
    public var database: String
    /// A file only root may read holding the database password; nil connects without one (trust, peer via TCP).
    public var passwordFile: String?
    public var tls: TLSMode
    /// The CA certificates (PEM) that verify-full checks the server's certificate against, as libpq's sslrootcert;
    /// nil: the system's.
    public var caFile: String?
    /// This host's id in the fleet; nil reads /etc/machine-id.
    public var hostID: String?
    /// What fleet jobs may name to reach this host (`--label students`).
    public var labels: [String]
    /// Seconds between re-reads of the fleet's jobs; notifications only wake the host sooner.
    public var poll: Int
    /// This host's clock may differ from the database's by this many seconds before status and events warn.
    public var clockTolerance: Double
    /// Seconds a finished fleet job (with its reports) and a central audit row are kept; each host prunes what is
    /// older on connect and then hourly.
    public var retention: Int

    public static let defaultPort = 5432
    public static let defaultPoll = 30
    public static let defaultClockTolerance = 1.0
    public static let defaultRetention = 90 * 86_400
    /// From a day to ten years.
    public static let retentionRange = 86_400...(3_650 * 86_400)

    public init(
        host: String,
        port: Int = Self.defaultPort,
        user: String,
        database: String,
        passwordFile: String? = nil,
        tls: TLSMode = .verifyFull,
        hostID: String? = nil,
        labels: [String] = [],
        poll: Int = Self.defaultPoll,
        clockTolerance: Double = Self.defaultClockTolerance,
        retention: Int = Self.defaultRetention,
        caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.passwordFile = passwordFile
        self.tls = tls
        self.hostID = hostID
        self.labels = labels
        self.poll = poll
        self.clockTolerance = clockTolerance
        self.retention = retention
        self.caFile = caFile
    }

    /// The server's Unix socket when `host` is a directory, as libpq names it: `DIR/.s.PGSQL.PORT`. TLS does not apply.
    public var unixSocketPath: String? {
        host.hasPrefix("/") ? (host.hasSuffix("/") ? host : host + "/") + ".s.PGSQL.\(port)" : nil
    }

    /// Where the database is, for logs: `db.example.org:5432/curfew` or `/run/fleetdb/.s.PGSQL.5432 (curfew)`.
    public var endpoint: String {
        unixSocketPath.map { "\($0) (\(database))" } ?? "\(host):\(port)/\(database)"
    }

    /// The longest socket path Linux accepts (sun_path holds 108 bytes with the final NUL).
    public static let maxSocketPathBytes = 107

    /// The database without secrets, for logs, status and `--check-config`.
    public var description: String {
        (unixSocketPath == nil
            ? "postgres://\(user)@\(host):\(port)/\(database) (tls: \(tls.rawValue)\(caFile.map { ", CA file \($0)" } ?? ""); password: "
            : "postgres://\(user)@/\(database)?host=\(host)&port=\(port) (Unix socket; password: ")
            + (passwordFile.map { "from \($0)" } ?? "none") + "; host id: \(hostID ?? "from /etc/machine-id"); "
            + "labels: \(labels.isEmpty ? "none" : labels.joined(separator: ",")); poll: \(DurationText.format(poll)); "
            + "retention: \(DurationText.format(retention)))"
    }

    /// A host id or label as accepted in the configuration and on the command line.
    public static func isName(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
