import Foundation
import Yams

/// Reads the YAML configuration file, checking every key and value.
public enum ConfigurationFile {
    public static let keys = [
        "state_directory", "socket", "socket_group", "socket_mode", "admin_group", "protected_users", "notices",
        "missed_after", "dry_run", "contact", "events", "webhooks", "policies", "disk_reserve", "login_gate",
        "fleet",
    ]

    /// Loads `path`; a missing key keeps its default, anything wrong is an error naming the key, value and what is
    /// accepted.
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: any UserDirectory = SystemUserDirectory()
    ) throws(InputError) -> Configuration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError("\(path): cannot read the configuration file: \(error.localizedDescription)")
        }
        return try parse(text, source: path, environment: environment, directory: directory)
    }

    public static func parse(
        _ text: String,
        source: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: any UserDirectory = SystemUserDirectory()
    ) throws(InputError) -> Configuration {
        var config = Configuration(environment: environment)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            // The parser says what is wrong on its first line and where on its last; between them it quotes the file.
            let lines = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let problem = [lines.first, lines.count > 1 ? lines.last : nil].compactMap { $0 }.joined(separator: " ")
            throw InputError("\(source): not valid YAML: \(problem)")
        }
        guard let root else { return config }
        guard let mapping = root.mapping else {
            throw InputError("\(source): expected a mapping of keys to values at the top level")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw InputError("\(source): keys must be plain words; known keys: \(keys.joined(separator: ", "))")
            }
            let field = Field(source: source, key: key, node: value)
            switch key {
            case "state_directory": config.stateDirectory = try field.path()
            case "socket": config.socketPath = try field.path()
            case "admin_group": config.adminGroup = try field.name()
            case "socket_group": config.socketGroup = try field.name()
            case "socket_mode": config.socketMode = try field.socketMode()
            case "protected_users": config.protectedUsers = ["root"] + (try field.names())
            case "notices": config.notices = try field.noticePlan()
            case "missed_after": config.missedAfter = try field.optionalDuration()
            case "dry_run": config.dryRun = try field.bool()
            case "contact": config.contact = try field.text()
            case "events": config.eventRetention = try field.eventSettings()
            case "webhooks": config.webhooks = try field.webhooks()
            case "policies": config.policies = try field.policies(directory: directory)
            case "disk_reserve": config.diskReserve = try field.byteSize()
            case "fleet": config.fleet = try field.fleet()
            case "login_gate": config.loginGate = try field.loginGate()
            default:
                throw InputError("\(source): unknown key '\(key)'; known keys: \(keys.joined(separator: ", "))")
            }
        }
        return config
    }
}

/// One key's value, checked against what that key accepts.
struct Field {
    var source: String
    var key: String
    var node: Node

    func fail(_ accepted: String) -> InputError {
        let shown: String
        switch node {
        case .scalar(let scalar): shown = "'\(scalar.string)'"
        case .sequence: shown = "a list"
        case .mapping: shown = "a mapping"
        case .alias: shown = "an alias"
        }
        return InputError("\(source): key '\(key)': value \(shown) is not accepted; expected \(accepted)")
    }

    func scalar(_ accepted: String) throws(InputError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(accepted) }
        return scalar.string
    }

    func path() throws(InputError) -> String {
        let accepted = "a file system path such as /var/lib/curfew"
        let value = try scalar(accepted)
        guard !value.isEmpty, !value.contains("\0") else { throw fail(accepted) }
        return value
    }

    func text() throws(InputError) -> String? {
        let value = try scalar("a line of text")
        guard !value.contains(where: { $0.isNewline }) else { throw fail("a single line of text") }
        return value.isEmpty ? nil : value
    }

    static var namePattern: Regex<Substring> { #/^[a-z_][a-z0-9_.-]*\$?$/#.ignoresCase() }

    func name() throws(InputError) -> String {
        let accepted = "a user or group name such as curfew (letters, digits, _ . -)"
        let value = try scalar(accepted)
        guard value.count <= 32, value.wholeMatch(of: Self.namePattern) != nil else { throw fail(accepted) }
        return value
    }

    func names() throws(InputError) -> [String] {
        let accepted = "a list of user names such as [breakglass, ops]"
        guard case .sequence(let items) = node else { throw fail(accepted) }
        var names: [String] = []
        for item in items {
            names.append(try Field(source: source, key: key, node: item).name())
        }
        return names
    }

    func socketMode() throws(InputError) -> UInt16 {
        let accepted = "an octal mode without execute or special bits: 0600, 0660 or 0666"
        let value = try scalar(accepted)
        guard value.count == 4, value.hasPrefix("0"), let mode = UInt16(value, radix: 8), mode & 0o7111 == 0,
            mode & 0o600 == 0o600
        else { throw fail(accepted) }
        return mode
    }

    func bool() throws(InputError) -> Bool {
        let accepted = "true or false"
        switch try scalar(accepted).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(accepted)
        }
    }

    func noticePlan() throws(InputError) -> NoticePlan {
        let accepted = "comma-separated durations such as 15m,5m,1m, or none"
        do {
            return try NoticePlan(parsing: try scalar(accepted))
        } catch {
            throw fail(accepted)
        }
    }

    /// "32MiB", "512KiB", "1GiB", a plain number of bytes, or 0.
    func byteSize() throws(InputError) -> Int64 {
        let accepted = "a size such as 32MiB, 512KiB or 1GiB (or a number of bytes; 0 keeps no reserve)"
        let value = try scalar(accepted).trimmingCharacters(in: .whitespaces)
        let units: [(String, Int64)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1), ("", 1)]
        for (unit, factor) in units where value.hasSuffix(unit) {
            let number = value.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            guard let count = Int64(number), count >= 0, count <= (1 << 40) / factor else { break }
            return count * factor
        }
        throw fail(accepted)
    }

    func optionalDuration() throws(InputError) -> Int? {
        let accepted = "a duration such as 30m or 6h, or none to fire every overdue job"
        let value = try scalar(accepted)
        if value.lowercased() == "none" || value.isEmpty { return nil }
        do {
            return try DurationText.parse(value)
        } catch {
            throw fail(accepted)
        }
    }
}
