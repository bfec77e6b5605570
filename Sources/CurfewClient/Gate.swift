import CurfewText

/// `POST /v1/gate`.
public struct GateReply: Sendable, Equatable {
    public var allowed: Bool
    public var message: String?
    public var rule: String?

    public init(allowed: Bool, message: String?, rule: String?) {
        self.allowed = allowed
        self.message = message
        self.rule = rule
    }

    /// Read from curfewd's JSON by hand, not through Codable (see `JSONValue`).
    public init(json: some Collection<UInt8>) throws(JSONError) {
        let value = try JSONValue(parsing: json)
        guard let allowed = value["allowed"]?.bool else { throw JSONError("no boolean 'allowed' in the gate's answer") }
        self.init(allowed: allowed, message: value["message"]?.string, rule: value["rule"]?.string)
    }
}

/// `POST /v1/gate/session`.
public struct ToldReply: Sendable, Equatable {
    public var user: String
    public var messages: [String]

    public init(json: some Collection<UInt8>) throws(JSONError) {
        let value = try JSONValue(parsing: json)
        guard let user = value["user"]?.string, let messages = value["messages"]?.array,
            messages.allSatisfy({ $0.string != nil })
        else { throw JSONError("no 'user' and list of 'messages' in the reply") }
        self.user = user
        self.messages = messages.compactMap(\.string)
    }
}

/// `POST /v1/gate` and `/v1/gate/session`: a login as PAM names it.
public struct GateBody: Sendable, Equatable {
    public var user: String
    public var remoteHost: String?
    public var service: String

    public init(user: String, remoteHost: String?, service: String) {
        self.user = user
        self.remoteHost = remoteHost
        self.service = service
    }

    /// The body as sent, keys sorted; without a remote host (a local login) `remote_host` is left out.
    public var json: [UInt8] {
        var object = JSONObjectText()
        object.add("remote_host", remoteHost)
        object.add("service", service)
        object.add("user", user)
        return Array(object.json.utf8)
    }
}
