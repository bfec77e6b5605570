import Foundation
import Yams

/// The `fleet:` key: the fleet's database and this host's place in it.
extension Field {
    static let fleetKeys = [
        "database", "password_file", "tls", "ca_file", "host_id", "labels", "poll", "clock_tolerance", "retention",
    ]
    static let fleetDatabaseKeys = ["host", "port", "user", "name"]

    func fleet() throws(InputError) -> FleetConfiguration {
        let known = Self.fleetKeys.joined(separator: ", ")
        guard case .mapping(let mapping) = node else {
            throw fail("a mapping with keys \(known), e.g. {database: postgres://curfew@db.example.org/curfew}")
        }
        var database: (host: String, port: Int, user: String, name: String)?
        var passwordFile: String?
        var tls = FleetConfiguration.TLSMode.verifyFull
        var hostID: String?
        var labels: [String] = []
        var poll = FleetConfiguration.defaultPoll
        var tolerance = FleetConfiguration.defaultClockTolerance
        var retention = FleetConfiguration.defaultRetention
        var caFile: String?
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            let field = Field(source: source, key: "\(key).\(name)", node: value)
            switch name {
            case "database": database = try field.fleetDatabase()
            case "password_file": passwordFile = try field.path()
            case "ca_file": caFile = try field.path()
            case "tls":
                let accepted = "one of \(FleetConfiguration.TLSMode.accepted)"
                guard let mode = FleetConfiguration.TLSMode(rawValue: try field.scalar(accepted)) else {
                    throw field.fail(accepted)
                }
                tls = mode
            case "host_id": hostID = try field.fleetName("a host id such as web-01 (letters, digits, - _ .)")
            case "labels":
                let accepted = "a list of labels such as [students, lab-2] (letters, digits, - _ .)"
                guard case .sequence(let items) = value else { throw field.fail(accepted) }
                for item in items {
                    let label = try Field(source: source, key: field.key, node: item).fleetName(accepted)
                    if !labels.contains(label) { labels.append(label) }
                }
            case "poll":
                poll = try field.duration("a duration from 1s to 1h such as 30s")
                guard (1...3600).contains(poll) else { throw field.fail("a duration from 1s to 1h such as 30s") }
            case "clock_tolerance":
                let seconds = try field.duration("a duration from 1s to 1h such as 1s")
                guard (1...3600).contains(seconds) else { throw field.fail("a duration from 1s to 1h such as 1s") }
                tolerance = Double(seconds)
            case "retention":
                let accepted = "a duration from 1d to 3650d such as 90d"
                let seconds = try field.duration(accepted)
                guard FleetConfiguration.retentionRange.contains(seconds) else { throw field.fail(accepted) }
                retention = seconds
            default: throw InputError("\(source): unknown key '\(key).\(name)'; known keys: \(known)")
            }
        }
        guard let database else {
            throw InputError(
                "\(source): key '\(key)': 'database' is missing; give a URL such as postgres://curfew@db.example.org:5432/curfew or a mapping {host, port, user, name}"
            )
        }
        return FleetConfiguration(
            host: database.host,
            port: database.port,
            user: database.user,
            database: database.name,
            passwordFile: passwordFile,
            tls: tls,
            hostID: hostID,
            labels: labels,
            poll: poll,
            clockTolerance: tolerance,
            retention: retention,
            caFile: caFile
        )
    }

    func fleetName(_ accepted: String) throws(InputError) -> String {
        let value = try scalar(accepted)
        guard FleetConfiguration.isName(value) else { throw fail(accepted) }
        return value
    }

    /// A URL `postgres://user@host:port/name`, or a mapping of its parts; never a password (password_file has it).
    private func fleetDatabase() throws(InputError) -> (host: String, port: Int, user: String, name: String) {
        let accepted =
            "a URL such as postgres://curfew@db.example.org:5432/curfew or, for a Unix socket, postgres://curfew@/curfew?host=/run/postgresql (no password: use password_file), or a mapping {host, port, user, name}"
        switch node {
        case .scalar(let scalar):
            guard let url = URLComponents(string: scalar.string), let scheme = url.scheme,
                ["postgres", "postgresql"].contains(scheme), let user = url.user, !user.isEmpty
            else { throw fail(accepted) }
            guard url.password == nil else {
                throw InputError(
                    "\(source): key '\(key)': the URL holds a password; put it in a file only root can read and name that file in password_file"
                )
            }
            let options = url.queryItems ?? []
            let socketOptions = ["host", "port"]
            guard url.fragment == nil, options.allSatisfy({ socketOptions.contains($0.name) }) else {
                throw InputError(
                    "\(source): key '\(key)': the URL has options after '?' other than host and port (for a Unix socket); use the key 'tls' instead"
                )
            }
            let name = String(url.path.drop(while: { $0 == "/" }))
            guard !name.isEmpty, !name.contains("/") else { throw fail(accepted) }
            var port = url.port ?? FleetConfiguration.defaultPort
            if let socketPort = options.last(where: { $0.name == "port" }) {
                guard let number = socketPort.value.flatMap({ Int($0) }) else { throw fail(accepted) }
                port = number
            }
            guard (1...65535).contains(port) else { throw fail(accepted) }
            let host: String
            if let directory = options.last(where: { $0.name == "host" }) {
                guard url.host?.isEmpty ?? true else {
                    throw InputError(
                        "\(source): key '\(key)': the URL names a host both before the database and in '?host='; for a Unix socket write postgres://USER@/NAME?host=/run/postgresql"
                    )
                }
                host = try socketDirectory(directory.value ?? "", port: port)
            } else {
                guard let urlHost = url.host, !urlHost.isEmpty else { throw fail(accepted) }
                host = urlHost
            }
            return (host, port, user, name)
        case .mapping(let mapping):
            var host: String?
            var port = FleetConfiguration.defaultPort
            var user: String?
            var name: String?
            let known = Self.fleetDatabaseKeys.joined(separator: ", ")
            for (keyNode, value) in mapping {
                let part = keyNode.string ?? "?"
                let field = Field(source: source, key: "\(key).\(part)", node: value)
                switch part {
                case "host":
                    let accepted =
                        "a host name or address such as db.example.org, or a socket directory such as /run/postgresql"
                    let text = try field.scalar(accepted)
                    host = text.hasPrefix("/") ? text : try field.fleetName(accepted)
                case "port":
                    let text = try field.scalar("a TCP port from 1 to 65535")
                    guard let number = Int(text), (1...65535).contains(number) else {
                        throw field.fail("a TCP port from 1 to 65535")
                    }
                    port = number
                case "user": user = try field.fleetName("a PostgreSQL role such as curfew")
                case "name": name = try field.fleetName("a database name such as curfew")
                default: throw InputError("\(source): unknown key '\(key).\(part)'; known keys: \(known)")
                }
            }
            guard let host, let user, let name else {
                throw InputError("\(source): key '\(key)': host, user and name are all required; port defaults to 5432")
            }
            return (host.hasPrefix("/") ? try socketDirectory(host, port: port) : host, port, user, name)
        default:
            throw fail(accepted)
        }
    }

    /// The directory of the server's Unix socket, as libpq takes it in `host`: absolute, and short enough that
    /// `DIR/.s.PGSQL.PORT` fits in a socket address. Trailing slashes are dropped.
    private func socketDirectory(_ text: String, port: Int) throws(InputError) -> String {
        var directory = text
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        guard directory.hasPrefix("/"), !directory.contains("\0"), !directory.contains("\n") else {
            throw InputError(
                "\(source): key '\(key)': a Unix socket's directory must be an absolute path such as /run/postgresql, not '\(text)'"
            )
        }
        let socket = (directory == "/" ? "" : directory) + "/.s.PGSQL.\(port)"
        guard socket.utf8.count <= FleetConfiguration.maxSocketPathBytes else {
            throw InputError(
                "\(source): key '\(key)': the socket \(socket) is \(socket.utf8.count) bytes long; Linux accepts at most \(FleetConfiguration.maxSocketPathBytes): use a shorter directory"
            )
        }
        return directory
    }
}
