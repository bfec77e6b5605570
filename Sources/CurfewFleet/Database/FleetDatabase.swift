import Foundation
import Logging
import PostgresNIO

/// One connection to the fleet database and the statements curfew runs on it. Every write is one statement (CTEs
/// where it touches several tables), so writes from the API and the host's own loop can share the connection
/// without a transaction of one seeing the other's statements.
public struct FleetDatabase: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// The channel whose notifications carry fleet job ids; a wake-up only, never the record.
    static let channel = "curfew_fleet"

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Every statement goes through here. postgres-nio (1.33) writes a query to its channel without a write promise:
    /// written after the channel closed and its handlers were removed, the query is dropped and its caller waits
    /// forever. A closed connection is therefore an error before anything is written, so a round that goes on after
    /// the server dropped the connection, or after this host closed it, ends instead of hanging.
    @discardableResult
    func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !connection.isClosed else {
            throw FleetError(.unavailable, "the connection to the fleet database is closed")
        }
        return try await connection.query(query, logger: logger)
    }

    /// The database's clock, for this host's offset.
    func now() async throws -> Date {
        for try await now in try await query("SELECT now()", logger: logger).decode(Date.self) {
            return now
        }
        throw FleetError(.unavailable, "the fleet database did not say what time it is")
    }
}
