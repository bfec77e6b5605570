import Foundation

/// What the login gate is asked in PAM's account phase: may USER log in now from RHOST through SERVICE. Built from
/// PAM's items, which any client can set: each is checked before it is used.
public struct GateQuery: Sendable, Equatable {
    public var user: String
    /// nil for a local login (PAM_RHOST unset or empty).
    public var remoteHost: String?
    public var service: String

    public static let userLimit = 256
    /// NI_MAXHOST less its NUL.
    public static let hostLimit = 1024
    public static let serviceLimit = 256

    public init(user: String, remoteHost: String?, service: String) throws(InputError) {
        try Self.check(user, "user", limit: Self.userLimit, optional: false)
        try Self.check(remoteHost ?? "", "remote host", limit: Self.hostLimit, optional: true)
        try Self.check(service, "service", limit: Self.serviceLimit, optional: false)
        self.user = user
        self.remoteHost = remoteHost?.isEmpty == true ? nil : remoteHost
        self.service = service
    }

    private static func check(_ value: String, _ name: String, limit: Int, optional: Bool) throws(InputError) {
        guard optional || !value.isEmpty else {
            throw InputError("the \(name) is empty; PAM must name one (PAM_\(pamItem(name)))")
        }
        guard value.utf8.count <= limit else {
            throw InputError("the \(name) is \(value.utf8.count) bytes long; at most \(limit) are accepted")
        }
        if let bad = value.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw InputError(
                "the \(name) '\(escaped(value))' contains the control character U+\(String(format: "%04X", bad.value)); only printable characters are accepted"
            )
        }
    }

    private static func pamItem(_ name: String) -> String {
        switch name {
        case "user": "USER"
        case "service": "SERVICE"
        default: "RHOST"
        }
    }

    /// `value` with control characters as `\u{..}` and bounded, for audit entries and messages about bad input.
    public static func escaped(_ value: String, limit: Int = 300) -> String {
        var text = ""
        for scalar in value.unicodeScalars.prefix(limit) {
            if scalar.properties.generalCategory == .control || scalar == "\\" {
                text += scalar == "\\" ? "\\\\" : "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return value.unicodeScalars.count > limit ? text + "..." : text
    }

    /// "alice from 10.0.0.5 through sshd".
    public var summary: String {
        "\(user) from \(remoteHost ?? "the local machine") through \(service)"
    }
}

/// The gate's answer: allowed, or refused with the text the user reads and the rule that refused.
public struct GateAnswer: Sendable, Equatable, Codable {
    public var allowed: Bool
    /// Shown to the user at login; nil when allowed.
    public var message: String?
    /// What refused: `hold`, `policy NAME`.
    public var rule: String?

    public init(allowed: Bool, message: String? = nil, rule: String? = nil) {
        self.allowed = allowed
        self.message = message
        self.rule = rule
    }

    public static let allow = GateAnswer(allowed: true)

    public static func refuse(_ message: String, rule: String) -> GateAnswer {
        GateAnswer(allowed: false, message: message, rule: rule)
    }
}
