import Foundation

/// The one JSON form of an event: the stream's `data:` line, a page of `GET /v1/events`, and a webhook's body.
extension Event: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try wire.encode(to: encoder)
    }

    struct Wire: Codable {
        var id: Int64
        var type: EventKind
        var at: String
        var terminationId: Int64?
        var sessionId: String?
        /// The one user it concerns, when there is exactly one.
        var user: String?
        var users: [String]
        var allUsers: Bool
        var summary: String
        var details: EventDetails

        enum CodingKeys: String, CodingKey {
            case id, type, at
            case terminationId = "termination_id"
            case sessionId = "session_id"
            case user, users
            case allUsers = "all_users"
            case summary, details
        }

        // Every field is written, null when absent: consumers see one shape.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(type, forKey: .type)
            try container.encode(at, forKey: .at)
            try container.encode(terminationId, forKey: .terminationId)
            try container.encode(sessionId, forKey: .sessionId)
            try container.encode(user, forKey: .user)
            try container.encode(users, forKey: .users)
            try container.encode(allUsers, forKey: .allUsers)
            try container.encode(summary, forKey: .summary)
            try container.encode(details, forKey: .details)
        }
    }

    var wire: Wire {
        Wire(
            id: id,
            type: kind,
            at: TimeText.rfc3339(at),
            terminationId: terminationID?.rawValue,
            sessionId: sessionID,
            user: users.count == 1 ? users[0] : nil,
            users: users,
            allUsers: allUsers,
            summary: summary,
            details: details
        )
    }

    /// The event as compact JSON with sorted keys: the same bytes every time it is sent.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings, numbers and booleans: encoding cannot fail.
        return (try? encoder.encode(wire)) ?? Data("{}".utf8)
    }

    /// Reads an event as `jsonData()` wrote it.
    public init(json: Data) throws {
        let wire = try JSONDecoder().decode(Wire.self, from: json)
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let at = try? withFraction.parse(wire.at) else {
            throw InputError("'\(wire.at)' is not an RFC 3339 time")
        }
        self.init(
            id: wire.id,
            at: at,
            kind: wire.type,
            terminationID: wire.terminationId.map { TerminationID($0) },
            sessionID: wire.sessionId,
            users: wire.users,
            allUsers: wire.allUsers,
            summary: wire.summary,
            details: wire.details
        )
    }
}
