import CurfewCore
import CurfewScheduler
import Foundation

/// `POST /v1/terminations`.
struct CreateTerminationBody: Decodable {
    var target: TargetBody
    var at: String?
    var within: String?
    var reason: String?
    var notices: [String]?
    var noNotice: Bool?
    var dryRun: Bool?
    var hold: String?
    var holdUntil: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case target, at, reason, notices
        case within = "in"
        case noNotice = "no_notice"
        case dryRun = "dry_run"
        case hold
        case holdUntil = "hold_until"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        target = try container.decode(TargetBody.self, forKey: .target)
        at = try container.decodeIfGiven(String.self, forKey: .at)
        within = try container.decodeIfGiven(String.self, forKey: .within)
        reason = try container.decodeIfGiven(String.self, forKey: .reason)
        notices = try container.decodeIfGiven([String].self, forKey: .notices)
        noNotice = try container.decodeIfGiven(Bool.self, forKey: .noNotice)
        dryRun = try container.decodeIfGiven(Bool.self, forKey: .dryRun)
        hold = try container.decodeIfGiven(String.self, forKey: .hold)
        holdUntil = try container.decodeIfGiven(String.self, forKey: .holdUntil)
    }

    /// The notice plan asked for; nil means the configured default.
    func noticePlan() throws(InputError) -> NoticePlan? {
        try Self.noticePlan(notices: notices, noNotice: noNotice)
    }

    static func noticePlan(notices: [String]?, noNotice: Bool?) throws(InputError) -> NoticePlan? {
        if noNotice == true {
            guard notices == nil || notices == [] else {
                throw InputError("give either 'notices' or 'no_notice', not both")
            }
            return NoticePlan.none
        }
        guard let notices else { return nil }
        return try NoticePlan(parsing: notices.joined(separator: ","))
    }
}

/// `PATCH /v1/terminations/{id}`.
struct RescheduleBody: Decodable {
    var at: String?
    var within: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case at
        case within = "in"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        at = try container.decodeIfGiven(String.self, forKey: .at)
        within = try container.decodeIfGiven(String.self, forKey: .within)
    }
}

/// A target as a request names it: session ids as strings, a user or a group with filters, or all sessions.
struct TargetBody: Decodable {
    var target: TerminationRequest.TargetRequest

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sessions, user, group, all
        case remoteHost = "remote_host"
        case service, tty
        case sessionClass = "class"
        case type
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let kinds = [CodingKeys.sessions, .user, .group, .all].filter { container.contains($0) }
        guard kinds.count == 1 else {
            throw InputError(
                "a target has exactly one of 'sessions' (a list of session ids), 'user', 'group' or 'all': true"
            )
        }
        let filter = SessionFilter(
            remoteHost: try container.decodeIfGiven(String.self, forKey: .remoteHost),
            service: try container.decodeIfGiven(String.self, forKey: .service),
            tty: try container.decodeIfGiven(String.self, forKey: .tty),
            sessionClass: try container.decodeIfGiven(String.self, forKey: .sessionClass),
            type: try container.decodeIfGiven(String.self, forKey: .type)
        )
        switch kinds[0] {
        case .sessions:
            guard filter == .none else {
                throw InputError("filters apply to 'user', 'group' and 'all' targets, not to 'sessions'")
            }
            target = .sessions(try container.decode([String].self, forKey: .sessions))
        case .user:
            target = .user(try container.decode(String.self, forKey: .user), filter)
        case .group:
            target = .group(try container.decode(String.self, forKey: .group), filter)
        default:
            guard try container.decode(Bool.self, forKey: .all) else {
                throw InputError("'all' must be true when given")
            }
            target = .all(filter)
        }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Misspelt fields are errors, not silently ignored ("reasn" must not schedule a job without a reason).
func rejectUnknownKeys(in decoder: any Decoder, known: [String]) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    if let unknown = keys.first(where: { !known.contains($0) }) {
        throw InputError("unknown field '\(unknown)'; accepted: \(known.joined(separator: ", "))")
    }
}

extension KeyedDecodingContainer {
    /// A field that may be left out but is never null: no request field of the document is nullable, and a null
    /// read as "left out" would accept what the document refuses.
    func decodeIfGiven<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        contains(key) ? try decode(type, forKey: key) : nil
    }
}
