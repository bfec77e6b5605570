import CurfewCore
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import CurfewFleet

/// The PostgreSQL that scripts/with-postgres started (CURFEW_TEST_POSTGRES); each test gets its own database in it.
enum TestPostgres {
    static let address = ProcessInfo.processInfo.environment["CURFEW_TEST_POSTGRES"]
    static var available: Bool { address != nil }
    /// The folder of the same server's Unix socket.
    static let socketDirectory = ProcessInfo.processInfo.environment["CURFEW_TEST_POSTGRES_DIR"]
    /// The CA that signed the server's certificate (for localhost).
    static let caFile = ProcessInfo.processInfo.environment["CURFEW_TEST_POSTGRES_CA"]

    /// A new empty database and the `fleet:` configuration that reaches it.
    static func freshDatabase() async throws -> FleetConfiguration {
        let parts = try #require(address).split(separator: ":", maxSplits: 4).map(String.init)
        let name = "fleet_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await withConnection(parts) { connection in
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: logger)
        }
        return FleetConfiguration(
            host: parts[0],
            port: Int(parts[1]) ?? 5432,
            user: parts[2],
            database: name,
            passwordFile: parts[4],
            tls: .disable,
            poll: 1
        )
    }

    /// Drops every connection to `database` but the caller's, as a database restart or a network cut would.
    static func dropConnections(to database: String) async throws {
        let parts = try #require(address).split(separator: ":", maxSplits: 4).map(String.init)
        try await withConnection(parts) { connection in
            try await connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(database)",
                logger: logger
            )
        }
    }

    /// How many connections `database` has now.
    static func connections(to database: String) async throws -> Int {
        let parts = try #require(address).split(separator: ":", maxSplits: 4).map(String.init)
        return try await withConnection(parts) { connection in
            var count = 0
            for try await n in try await connection.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = \(database)",
                logger: logger
            ).decode(Int64.self) {
                count = Int(n)
            }
            return count
        }
    }

    /// The fleet's statements on a connection of the test's own to `fleet`'s database.
    @discardableResult
    static func withDatabase<T: Sendable>(
        _ fleet: FleetConfiguration,
        _ body: (FleetDatabase) async throws -> T
    ) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: try FleetConnectionSettings.make(fleet),
            id: 98,
            logger: logger
        )
        do {
            let result = try await body(FleetDatabase(connection: connection, logger: logger))
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    @discardableResult
    private static func withConnection<T: Sendable>(
        _ parts: [String],
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let password = try String(contentsOfFile: parts[4], encoding: .utf8).trimmingCharacters(in: .newlines)
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: parts[0],
                port: Int(parts[1]) ?? 5432,
                username: parts[2],
                password: password,
                database: parts[3],
                tls: .disable
            ),
            id: 99,
            logger: logger
        )
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static let logger = Logger(label: "curfew.test.postgres")
}
