import CurfewCore
import Foundation
import GRDB

/// A notice sent to the sessions of a job: on scheduling, at a plan step, at the due time, on cancel or reschedule.
public struct NoticeRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "notice"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var terminationId: Int64
    public var kind: String
    /// For a plan step: its lead in seconds.
    public var lead: Int?
    public var at: Double
    /// The session ids it was meant for, comma-separated.
    public var sessions: String
    /// How many sessions it reached, on their terminal or desktop.
    public var delivered: Int
    public var dryRun: Bool
    /// How each session fared, in `sessions`' order; empty in a dry run, nil in records older than receipts.
    public var deliveries: [NoticeReceipt]?

    public init(
        termination: TerminationID,
        kind: NoticeKind,
        at: Date,
        sessions: [String],
        receipts: [NoticeReceipt],
        dryRun: Bool
    ) {
        self.terminationId = termination.rawValue
        self.kind = kind.name
        self.lead = kind.lead
        self.at = at.timeIntervalSince1970
        self.sessions = sessions.joined(separator: ",")
        self.delivered = receipts.count(where: \.reached)
        self.dryRun = dryRun
        self.deliveries = receipts
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
