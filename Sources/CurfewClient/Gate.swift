/// `POST /v1/gate`.
public struct GateReply: Decodable, Sendable, Equatable {
    public var allowed: Bool
    public var message: String?
    public var rule: String?
}

/// `POST /v1/gate/session`.
public struct ToldReply: Decodable, Sendable, Equatable {
    public var user: String
    public var messages: [String]
}

/// `POST /v1/gate` and `/v1/gate/session`: a login as PAM names it.
public struct GateBody: Encodable, Sendable, Equatable {
    public var user: String
    public var remoteHost: String?
    public var service: String

    public init(user: String, remoteHost: String?, service: String) {
        self.user = user
        self.remoteHost = remoteHost
        self.service = service
    }

    enum CodingKeys: String, CodingKey {
        case user, service
        case remoteHost = "remote_host"
    }
}
