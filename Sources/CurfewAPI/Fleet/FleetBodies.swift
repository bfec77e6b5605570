import CurfewCore
import Foundation

/// `POST /v1/fleet/terminations`: a termination's target, time, reason and notices, and which hosts (by id or name)
/// or which label; neither means every host.
struct CreateFleetTerminationBody: Decodable {
    var target: TargetBody
    var at: String?
    var within: String?
    var reason: String?
    var notices: [String]?
    var noNotice: Bool?
    var hosts: [String]?
    var label: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case target, at, reason, notices, hosts, label
        case within = "in"
        case noNotice = "no_notice"
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
        hosts = try container.decodeIfGiven([String].self, forKey: .hosts)
        label = try container.decodeIfGiven(String.self, forKey: .label)
    }

    /// The target as a fleet job holds it: a user or all sessions, never session ids.
    func fleetTarget() throws(InputError) -> Target {
        switch target.target {
        case .sessions:
            throw InputError("a fleet job names a 'user' or 'all': true; session ids mean nothing on other hosts")
        case .group:
            throw InputError("a fleet job names a 'user' or 'all': true; group targets are for one host's jobs")
        case .user(let name, let filter): return .user(name, filter)
        case .all(let filter): return .all(filter)
        }
    }

    func noticePlan() throws(InputError) -> NoticePlan? {
        try CreateTerminationBody.noticePlan(notices: notices, noNotice: noNotice)
    }
}
