import Foundation

/// One standing policy (`Policy` in the API contract).
struct PolicyReply: Decodable, Sendable, Equatable {
    struct Scope: Decodable, Sendable, Equatable {
        var summary: String
    }

    struct Next: Decodable, Sendable, Equatable {
        var session: String
        var end: PolicyEndReply
    }

    struct Exempt: Decodable, Sendable, Equatable {
        var session: String
        var why: String
    }

    var name: String
    var kind: String
    var settings: [String: String]
    var scope: Scope
    var notices: [Int]
    var reason: String
    var dryRun: Bool
    var sessions: [String]
    var pendingTerminations: [Int64]
    var next: Next?
    var exempt: [Exempt]
}

/// `GET /v1/policies`.
struct PoliciesReply: Decodable, Sendable {
    var policies: [PolicyReply]
}
