import CurfewCore
import CurfewStore
import Foundation

/// A termination as the API shows it.
struct TerminationJSON: Encodable, Sendable {
    struct Outcome: Encodable, Sendable {
        var sessionId: String
        var user: String
        var result: String
        var error: Nullable<String>
        var at: Nullable<String>
    }

    struct Step: Encodable, Sendable {
        var from: Nullable<String>
        var to: String
        var at: String
        var note: Nullable<String>
    }

    var id: Int64
    var state: String
    var target: Target
    var targetSummary: String
    var dueAt: String
    var dueInSeconds: Double
    var createdAt: String
    var firedAt: Nullable<String>
    var latenessSeconds: Nullable<Double>
    var reason: String
    var notices: [String]
    var nextNoticeAt: Nullable<String>
    var actor: CallerJSON
    var dryRun: Bool
    var sessions: [Outcome]
    var history: [Step]
    /// Only in replies to POST and PATCH: how the time was read.
    var notes: [String]?
    /// Only when one termination is shown: the notices recorded for it (also in a dry run, which writes none).
    var noticesSent: [NoticeSent]?
    /// Only when the job keeps its users out afterwards: a duration after the sessions end, or a time.
    var hold: String?
    var holdUntil: String?

    struct NoticeSent: Encodable, Sendable {
        var kind: String
        var lead: Nullable<String>
        var at: String
        var sessions: [String]
        var delivered: Int
        var dryRun: Bool
        /// How each session got it: terminal, desktop, unreachable or error.
        var deliveries: [Delivery]

        struct Delivery: Encodable, Sendable {
            var sessionId: String
            var delivery: String
            var detail: Nullable<String>
        }

        init(_ record: NoticeRecord) {
            kind = record.kind
            lead = Nullable(record.lead.map(DurationText.format))
            at = TimeText.rfc3339(Date(timeIntervalSince1970: record.at))
            sessions = record.sessions.split(separator: ",").map(String.init)
            delivered = record.delivered
            dryRun = record.dryRun
            deliveries = (record.deliveries ?? []).map {
                Delivery(sessionId: $0.sessionID, delivery: $0.delivery.rawValue, detail: Nullable($0.detail))
            }
        }
    }

    init(_ job: Termination, now: Date, notes: [String]? = nil) {
        id = job.id.rawValue
        state = job.state.rawValue
        target = job.target
        targetSummary = job.target.summary
        dueAt = TimeText.rfc3339(job.dueAt)
        dueInSeconds = (job.dueAt.timeIntervalSince(now) * 1000).rounded() / 1000
        createdAt = TimeText.rfc3339(job.createdAt)
        firedAt = Nullable(job.firedAt.map(TimeText.rfc3339))
        latenessSeconds = Nullable(job.lateness)
        reason = job.reason
        notices = job.notices.leads.map(DurationText.format)
        let next = job.state == .scheduled && job.nextNotice < job.notices.leads.count
        nextNoticeAt = Nullable(next ? TimeText.rfc3339(job.notices.times(before: job.dueAt)[job.nextNotice]) : nil)
        actor = CallerJSON(job.caller)
        dryRun = job.dryRun
        switch job.hold {
        case .duration(let seconds)?: hold = DurationText.format(seconds)
        case .until(let instant)?: holdUntil = TimeText.rfc3339(instant)
        case nil: break
        }
        sessions = job.sessions.map {
            Outcome(
                sessionId: $0.sessionID,
                user: $0.user,
                result: $0.result.rawValue,
                error: Nullable($0.error),
                at: Nullable($0.at.map(TimeText.rfc3339))
            )
        }
        history = job.history.map {
            Step(
                from: Nullable($0.from?.rawValue),
                to: $0.to.rawValue,
                at: TimeText.rfc3339($0.at),
                note: Nullable($0.note)
            )
        }
        self.notes = notes
    }
}

struct CallerJSON: Encodable, Sendable {
    var uid: UInt32
    var name: String
    var pid: Int32

    init(_ caller: Caller) {
        uid = caller.uid
        name = caller.name
        pid = caller.pid
    }
}

/// A page of a longer list.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var key: String
    var total: Int?
    var limit: Int
    var offset: Int

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: key))
        if let total { try container.encode(total, forKey: Key(stringValue: "total")) }
        try container.encode(limit, forKey: Key(stringValue: "limit"))
        try container.encode(offset, forKey: Key(stringValue: "offset"))
    }
}
