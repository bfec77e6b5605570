import Foundation

/// `login_gate: {on_error: allow | deny}`: what the PAM login gate does when curfewd cannot answer it in time (not
/// running, too slow, a reply it cannot read). Read by `curfewctl pam-account` itself, since curfewd may be down.
public struct LoginGateSettings: Sendable, Equatable {
    public enum OnError: String, Sendable, CaseIterable {
        case allow
        case deny
    }

    public var onError: OnError

    public init(onError: OnError = .allow) {
        self.onError = onError
    }

    public static let keys = ["on_error"]
}

extension Field {
    func loginGate() throws(InputError) -> LoginGateSettings {
        var settings = LoginGateSettings()
        try self.settings(LoginGateSettings.keys) { _, field throws(InputError) in
            let value = try field.choice(LoginGateSettings.OnError.allCases.map(\.rawValue))
            settings.onError = LoginGateSettings.OnError(rawValue: value) ?? .allow
        }
        return settings
    }
}
