import CurfewCore
import Testing

@Suite struct FleetConfigurationTests {
    private func parse(_ text: String) throws -> Configuration {
        try ConfigurationFile.parse(text, source: "t", environment: [:])
    }

    private func refusal(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "accepted"
        } catch {
            return (error as? InputError)?.message ?? "\(error)"
        }
    }

    @Test func withoutFleetCurfewStaysSingleHost() throws {
        #expect(try parse("notices: 5m").fleet == nil)
    }

    @Test func aURLGivesHostPortUserAndDatabaseWithSafeDefaults() throws {
        let fleet = try #require(try parse("fleet: {database: postgres://curfew@db.example.org/curfew}").fleet)
        #expect(fleet.host == "db.example.org" && fleet.port == 5432 && fleet.user == "curfew")
        #expect(fleet.database == "curfew")
        #expect(fleet.tls == .verifyFull && fleet.poll == 30 && fleet.clockTolerance == 1)
        #expect(fleet.retention == 90 * 86_400 && fleet.description.hasSuffix("retention: 90d)"))
        #expect(fleet.hostID == nil && fleet.labels.isEmpty && fleet.passwordFile == nil)
    }

    @Test func everyKeyIsRead() throws {
        let fleet = try #require(
            try parse(
                """
                fleet:
                  database: {host: 10.0.0.5, port: 6543, user: curfew, name: fleet}
                  password_file: /etc/curfew/fleet-password
                  tls: disable
                  ca_file: /etc/curfew/fleet-ca.pem
                  host_id: web-01
                  labels: [students, lab-2, students]
                  poll: 10s
                  clock_tolerance: 5s
                  retention: 30d
                """
            ).fleet
        )
        #expect(fleet.host == "10.0.0.5" && fleet.port == 6543 && fleet.database == "fleet")
        #expect(fleet.passwordFile == "/etc/curfew/fleet-password" && fleet.tls == .disable)
        #expect(
            fleet.caFile == "/etc/curfew/fleet-ca.pem" && fleet.description.contains("CA file /etc/curfew/fleet-ca.pem")
        )
        #expect(fleet.hostID == "web-01" && fleet.labels == ["students", "lab-2"])
        #expect(fleet.poll == 10 && fleet.clockTolerance == 5 && fleet.retention == 30 * 86_400)
    }

    @Test func aHostStartingWithASlashIsTheDirectoryOfTheServersUnixSocketAsInLibpq() throws {
        let url = try #require(
            try parse("fleet: {database: 'postgresql://curfew@/fleet?host=/run/fleetdb/&port=6543'}").fleet
        )
        #expect(url.host == "/run/fleetdb" && url.port == 6543 && url.user == "curfew" && url.database == "fleet")
        #expect(url.unixSocketPath == "/run/fleetdb/.s.PGSQL.6543")
        #expect(url.description.hasPrefix("postgres://curfew@/fleet?host=/run/fleetdb&port=6543 (Unix socket;"))
        let mapping = try #require(
            try parse("fleet: {database: {host: /run/postgresql, user: curfew, name: curfew}}").fleet
        )
        #expect(mapping.unixSocketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(mapping.endpoint == "/run/postgresql/.s.PGSQL.5432 (curfew)")
        let tcp = try #require(try parse("fleet: {database: postgres://curfew@db.example.org/curfew}").fleet)
        #expect(tcp.unixSocketPath == nil && tcp.endpoint == "db.example.org:5432/curfew")
    }

    @Test func aBadSocketDirectoryIsRefusedSayingWhy() {
        #expect(refusal("fleet: {database: 'postgres://u@/c?host=run/pg'}").contains("must be an absolute path"))
        #expect(refusal("fleet: {database: 'postgres://u@db/c?host=/run/pg'}").contains("both before the database"))
        #expect(refusal("fleet: {database: 'postgres://u@/c?host=/run/pg&port=x'}").contains("expected a URL"))
        let long = "/" + String(repeating: "d", count: 100)
        #expect(refusal("fleet: {database: {host: \(long), user: u, name: c}}").contains("at most 107"))
        #expect(refusal("fleet: {database: 'postgres://u@/c'}").contains("expected a URL"))
    }

    @Test func aPasswordInTheURLIsRefusedAndPointsToPasswordFile() {
        #expect(refusal("fleet: {database: 'postgres://curfew:secret@db/curfew'}").contains("password_file"))
    }

    @Test func badValuesAreRefusedSayingWhatIsAccepted() {
        #expect(refusal("fleet: {database: http://db/curfew}").contains("postgres://"))
        #expect(refusal("fleet: {database: postgres://db/curfew}").contains("expected a URL"))
        #expect(refusal("fleet: {database: 'postgres://u@db/c?sslmode=disable'}").contains("'tls'"))
        #expect(refusal("fleet: {database: postgres://u@db/c, tls: maybe}").contains("disable, prefer, require"))
        #expect(refusal("fleet: {database: postgres://u@db/c, poll: 0s}").contains("1s to 1h"))
        #expect(refusal("fleet: {database: postgres://u@db/c, labels: [a b]}").contains("labels"))
        #expect(refusal("fleet: {database: postgres://u@db/c, host_id: 'x/y'}").contains("host id"))
        #expect(refusal("fleet: {database: {host: db, user: u}}").contains("host, user and name are all required"))
        #expect(refusal("fleet: {database: postgres://u@db/c, colour: red}").contains("unknown key 'fleet.colour'"))
        #expect(refusal("fleet: {poll: 5s}").contains("'database' is missing"))
        for retention in ["12h", "3651d", "0d", "soon"] {
            #expect(
                refusal("fleet: {database: postgres://u@db/c, retention: \(retention)}")
                    .contains(
                        "key 'fleet.retention': value '\(retention)' is not accepted; expected a duration from 1d to 3650d such as 90d"
                    ),
                "\(retention)"
            )
        }
        for retention in ["1d", "3650d", "24h"] {
            #expect(throws: Never.self) { try parse("fleet: {database: postgres://u@db/c, retention: \(retention)}") }
        }
        #expect(refusal("fleet: yes").contains("a mapping"))
    }
}
