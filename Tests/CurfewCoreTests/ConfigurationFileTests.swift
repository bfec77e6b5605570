import CurfewCore
import Foundation
import Testing

@Suite struct ConfigurationFileTests {
    @Test func theShippedFileLoadsWithDefaultsThatWorkOutOfTheBox() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../config/curfew.yaml"
        )
        let config = try ConfigurationFile.load(path: path.path, environment: [:])
        #expect(config == Configuration(environment: [:]))
        #expect(config.stateDirectory == ".curfew/state")
        #expect(config.socketPath == ".curfew/run/curfewd.sock")
        #expect(config.notices == .standard)
    }

    @Test func systemdDirectoriesAreUsedWhenSystemdRunsUs() throws {
        let config = try ConfigurationFile.parse(
            "",
            source: "t",
            environment: ["STATE_DIRECTORY": "/var/lib/curfew", "RUNTIME_DIRECTORY": "/run/curfew"]
        )
        #expect(config.databasePath == "/var/lib/curfew/curfew.sqlite")
        #expect(config.socketPath == "/run/curfew/curfewd.sock")
    }

    @Test func valuesAreRead() throws {
        let config = try ConfigurationFile.parse(
            """
            protected_users: [breakglass]
            notices: 30m,10m
            missed_after: 1h
            dry_run: yes
            contact: "help desk, ext. 4242"
            disk_reserve: 512KiB
            """,
            source: "t",
            environment: [:]
        )
        #expect(config.isProtected("root") && config.isProtected("breakglass") && !config.isProtected("alice"))
        #expect(config.notices.leads == [1800, 600])
        #expect(config.missedAfter == 3600)
        #expect(config.dryRun)
        #expect(config.contact == "help desk, ext. 4242")
        #expect(config.diskReserve == 512 << 10)
    }

    @Test(arguments: [
        (
            "notices: 15x",
            "/etc/curfew.yaml: key 'notices': value '15x' is not accepted; expected comma-separated durations such as 15m,5m,1m, or none"
        ),
        ("dry_run: maybe", "/etc/curfew.yaml: key 'dry_run': value 'maybe' is not accepted; expected true or false"),
        (
            "missed_after: soon",
            "/etc/curfew.yaml: key 'missed_after': value 'soon' is not accepted; expected a duration such as 30m or 6h, or none to fire every overdue job"
        ),
        (
            "disk_reserve: 32M",
            "/etc/curfew.yaml: key 'disk_reserve': value '32M' is not accepted; expected a size such as 32MiB, 512KiB or 1GiB (or a number of bytes; 0 keeps no reserve)"
        ),
        (
            "protected_users: root",
            "/etc/curfew.yaml: key 'protected_users': value 'root' is not accepted; expected a list of user names such as [breakglass, ops]"
        ),
        (
            "admin_group: [a]",
            "/etc/curfew.yaml: key 'admin_group': value a list is not accepted; expected a user or group name such as curfew (letters, digits, _ . -)"
        ),
    ])
    func badValuesNameTheKeyTheValueAndWhatIsAccepted(text: String, message: String) throws {
        let error = #expect(throws: InputError.self) { try ConfigurationFile.parse(text, source: "/etc/curfew.yaml") }
        #expect(error?.message == message)
    }

    @Test func unknownKeysAndBrokenYamlAreRefused() throws {
        let unknown = #expect(throws: InputError.self) { try ConfigurationFile.parse("notice: 5m", source: "c") }
        #expect(unknown?.message.hasPrefix("c: unknown key 'notice'; known keys: state_directory,") == true)
        let broken = #expect(throws: InputError.self) { try ConfigurationFile.parse("a: [b", source: "c") }
        #expect(broken?.message.hasPrefix("c: not valid YAML") == true)
        let missing = #expect(throws: InputError.self) { try ConfigurationFile.load(path: "/nonexistent/curfew.yaml") }
        #expect(missing?.message.hasPrefix("/nonexistent/curfew.yaml: cannot read the configuration file") == true)
    }
}

@Suite struct SocketSettingsTests {
    @Test func socketGroupAndModeAreRead() throws {
        let config = try ConfigurationFile.parse(
            "socket_group: users\nsocket_mode: \"0666\"",
            source: "c",
            environment: [:]
        )
        #expect(config.socketGroup == "users")
        #expect(config.socketMode == 0o666)
        #expect(Configuration(environment: [:]).socketMode == 0o660)
    }

    @Test(arguments: ["0777", "4660", "660", "0460", "rw-rw----", "0668"])
    func unsafeOrUnreadableModesAreRefused(mode: String) {
        let error = #expect(throws: InputError.self) {
            try ConfigurationFile.parse("socket_mode: \"\(mode)\"", source: "c")
        }
        #expect(
            error?.message.hasSuffix("expected an octal mode without execute or special bits: 0600, 0660 or 0666")
                == true
        )
    }
}
