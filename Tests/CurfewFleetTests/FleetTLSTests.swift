import CurfewCore
import Foundation
import Testing

@testable import CurfewFleet

/// Each fleet.tls mode against the test server, which offers TLS with a certificate for localhost from a CA made
/// when it started (scripts/with-postgres) and accepts plain connections too.
@Suite(.enabled(if: TestPostgres.caFile != nil, "needs CURFEW_TEST_POSTGRES_CA: run under scripts/with-postgres"))
struct FleetTLSTests {
    /// Whether the connection `fleet` makes is encrypted, as the server sees it.
    private func encrypted(_ fleet: FleetConfiguration) async throws -> Bool {
        try await TestPostgres.withDatabase(fleet) { db in
            var ssl = false
            for try await value in try await db.query(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                logger: TestPostgres.logger
            ).decode(Bool.self) {
                ssl = value
            }
            return ssl
        }
    }

    @Test func disableIsPlainAndPreferAndRequireAreEncrypted() async throws {
        var fleet = try await TestPostgres.freshDatabase()
        #expect(try await encrypted(fleet) == false)
        fleet.tls = .prefer
        #expect(try await encrypted(fleet))
        fleet.tls = .require
        #expect(try await encrypted(fleet))
    }

    @Test func verifyFullWithTheCAFileAcceptsTheServersCertificateForItsName() async throws {
        var fleet = try await TestPostgres.freshDatabase()
        fleet.host = "localhost"
        fleet.tls = .verifyFull
        let ca = try #require(TestPostgres.caFile)
        fleet.caFile = ca
        #expect(try await encrypted(fleet))
        let member = try await FleetMember(fleet, id: "verified")
        try await connected(member)
        await member.stop()
    }

    @Test func verifyFullRefusesACertificateTheSystemsCAsDidNotSign() async throws {
        var fleet = try await TestPostgres.freshDatabase()
        fleet.host = "localhost"
        fleet.tls = .verifyFull
        await #expect(throws: (any Error).self) { try await encrypted(fleet) }
        let member = try await FleetMember(fleet, id: "unverified")
        try await eventually("status says unreachable") { await member.agent.status().connection == .unreachable }
        let error = await member.agent.status().lastError ?? ""
        #expect(error.lowercased().contains("certificate"), "\(error)")
        await member.stop()
    }

    @Test func aMissingCAFileIsRefusedNamingIt() async throws {
        var fleet = try await TestPostgres.freshDatabase()
        fleet.tls = .verifyFull
        fleet.caFile = "/nonexistent/ca.crt"
        #expect(
            throws: FleetError(.invalid, "fleet.ca_file /nonexistent/ca.crt: cannot read it (missing, or not readable)")
        ) {
            _ = try FleetConnectionSettings.make(fleet)
        }
    }
}
