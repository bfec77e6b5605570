import CurfewClient

/// A page of `GET /v1/terminations`.
struct TerminationPage: Decodable, Sendable {
    var terminations: [TerminationReply]
    var total: Int
    var limit: Int
    var offset: Int
}
