import Foundation
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// The `events` and `webhooks` keys.
extension Field {
    /// `events: { retention: 30d }`: returns the retention in seconds.
    func eventSettings() throws(InputError) -> Int {
        let accepted = "a mapping such as { retention: 30d }"
        guard case .mapping(let mapping) = node else { throw fail(accepted) }
        var retention = Configuration.defaultEventRetention
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            let field = Field(source: source, key: "\(key).\(name)", node: value)
            switch name {
            case "retention": retention = try field.duration("a duration such as 30d or 12h")
            default:
                throw InputError("\(source): unknown key '\(key).\(name)'; known keys: \(key).retention")
            }
        }
        return retention
    }

    static let webhookKeys = ["url", "secret", "secret_file", "events", "max_age"]

    /// `webhooks:` a list of `{url, secret | secret_file, events, max_age}`.
    func webhooks() throws(InputError) -> [WebhookEndpoint] {
        let accepted =
            "a list of webhooks such as [{url: https://example.com/hook, secret_file: /etc/curfew/hook.secret}]"
        guard case .sequence(let items) = node else { throw fail(accepted) }
        var endpoints: [WebhookEndpoint] = []
        for (index, item) in items.enumerated() {
            let endpoint = try Field(source: source, key: "\(key)[\(index)]", node: item).webhook()
            guard !endpoints.contains(where: { $0.url == endpoint.url }) else {
                throw InputError(
                    "\(source): key '\(key)[\(index)].url': \(endpoint.url) is listed twice; list each URL once"
                )
            }
            endpoints.append(endpoint)
        }
        return endpoints
    }

    private func webhook() throws(InputError) -> WebhookEndpoint {
        let known = Self.webhookKeys.joined(separator: ", ")
        guard case .mapping(let mapping) = node else {
            throw fail(
                "a mapping with keys \(known), e.g. {url: https://example.com/hook, secret_file: /etc/curfew/hook.secret}"
            )
        }
        var url: String?
        var secret: String?
        var secretFile: String?
        var events: Set<EventKind>?
        var maxAge = WebhookEndpoint.defaultMaxAge
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            let field = Field(source: source, key: "\(key).\(name)", node: value)
            switch name {
            case "url": url = try field.webhookURL()
            case "secret": secret = try field.secret()
            case "secret_file": secretFile = try field.path()
            case "events": events = try field.eventKinds()
            case "max_age": maxAge = try field.duration("a duration such as 1d or 6h")
            default: throw InputError("\(source): unknown key '\(key).\(name)'; known keys: \(known)")
            }
        }
        guard let url else { throw InputError("\(source): key '\(key)': 'url' is required (an http or https URL)") }
        switch (secret, secretFile) {
        case (let secret?, nil):
            return WebhookEndpoint(url: url, secret: secret, events: events, maxAge: maxAge)
        case (nil, let file?):
            return WebhookEndpoint(url: url, secret: try readSecret(file), events: events, maxAge: maxAge)
        default:
            throw InputError(
                "\(source): key '\(key)': give exactly one of 'secret' and 'secret_file' (a file only root and group curfew can read)"
            )
        }
    }

    func duration(_ accepted: String) throws(InputError) -> Int {
        let value = try scalar(accepted)
        do {
            return try DurationText.parse(value)
        } catch {
            throw fail(accepted)
        }
    }

    func webhookURL() throws(InputError) -> String {
        let accepted = "an http or https URL such as https://example.com/curfew-hook, without user or password"
        let value = try scalar(accepted)
        guard value.count <= 2048, let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty, url.user == nil,
            url.password == nil, url.fragment == nil
        else { throw fail(accepted) }
        return value
    }

    func secret() throws(InputError) -> String {
        let accepted = "a non-empty secret of at most 1024 characters (or use secret_file)"
        guard case .scalar(let scalar) = node else { throw fail(accepted) }
        let value = scalar.string
        // The value is a secret: the error never repeats it.
        guard !value.isEmpty, value.count <= 1024, !value.contains(where: \.isNewline) else {
            throw InputError("\(source): key '\(key)': the secret is not accepted; expected \(accepted)")
        }
        return value
    }

    func eventKinds() throws(InputError) -> Set<EventKind> {
        let accepted = "a list of event types from \(EventKind.accepted)"
        let items: [String]
        switch node {
        case .sequence(let nodes):
            var texts: [String] = []
            for node in nodes {
                guard case .scalar(let scalar) = node else { throw fail(accepted) }
                texts.append(scalar.string)
            }
            items = texts
        case .scalar(let scalar):
            items = [scalar.string]
        default:
            throw fail(accepted)
        }
        guard !items.isEmpty else { throw fail(accepted + " (leave the key out for every type)") }
        do {
            return try EventKind.parseList(items)
        } catch {
            throw InputError("\(source): key '\(key)': \(error.message)")
        }
    }

    /// The secret in `path`, which must be a regular file others cannot read; one trailing newline is dropped.
    private func readSecret(_ path: String) throws(InputError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError("\(source): key '\(key)': cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw InputError("\(source): key '\(key)': \(path) is not a regular file")
        }
        guard info.st_mode & 0o007 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw InputError(
                "\(source): key '\(key)': \(path) can be read by any user (mode 0\(mode)); chmod 0600 it (or 0640)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(source): key '\(key)': cannot read \(path)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty, !text.contains(where: \.isNewline) else {
            throw InputError("\(source): key '\(key)': \(path) must hold the secret on one line, and not be empty")
        }
        return text
    }
}
