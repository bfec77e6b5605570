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

    /// The database's clock, for this host's offset.
    func now() async throws -> Date {
        for try await now in try await connection.query("SELECT now()", logger: logger).decode(Date.self) {
            return now
        }
        throw FleetError(.unavailable, "the fleet database did not say what time it is")
    }
}
