import CurfewCore
import Foundation
import Testing

/// The `policies` key: every kind read, every mistake refused with file, key, value and what is accepted.
@Suite struct PolicyConfigurationTests {
    struct Groups: UserDirectory {
        func groups(of user: String, uid: UInt32) -> Set<String> { [] }
        func groupExists(_ name: String) -> Bool { ["students", "staff"].contains(name) }
        func standing(of user: String, uid: UInt32) -> AccountStanding { AccountStanding() }
    }

    func parse(_ yaml: String) throws(InputError) -> Configuration {
        try ConfigurationFile.parse(yaml, source: "/etc/curfew/curfew.yaml", environment: [:], directory: Groups())
    }

    func refusal(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "accepted"
        } catch {
            return error.message
        }
    }

    @Test func everyKindIsReadWithItsScope() throws {
        let config = try parse(
            """
            policies:
              - name: office-idle
                idle: {limit: 60m, activity: input}
                scope: {groups: [staff], except_users: [boss], services: [sshd], remote_hosts: [10.0.0.0/8, "::1"]}
                notices: 5m,1m
                reason: "idle for {limit}"
              - {name: day, lifetime: {max: 24h}, dry_run: true}
              - {name: lab-hours, hours: {allow: "Mon-Fri 08:00-22:00; Sat 10:00-14:00", zone: Europe/Berlin}}
              - {name: ten, max_sessions: {limit: 10, end: oldest}}
              - {name: disabled, account: {on: [locked, deleted], recheck: none}}
              - {name: spread, ip_spread: {distinct: 4, within: 1h, action: terminate}}
            """
        )
        #expect(
            config.policies.map(\.kind.name) == ["idle", "lifetime", "hours", "max_sessions", "account", "ip_spread"]
        )
        let idle = config.policies[0]
        #expect(idle.kind == .idle(IdleRule(limit: 3600, activity: .input)))
        #expect(idle.scope.groups == ["staff"] && idle.scope.exceptUsers == ["boss"])
        #expect(idle.reasonText() == "idle for 1h")
        #expect(config.policies[1].dryRun)
        #expect(config.policies[4].kind == .account(AccountRule(on: [.locked, .deleted], recheck: nil)))
        guard case .hours(let hours) = config.policies[2].kind else {
            Issue.record("not hours")
            return
        }
        #expect(hours.windows.count == 2 && hours.zone.identifier == "Europe/Berlin")
    }

    @Test func mistakesAreRefusedNamingFileKeyValueAndWhatIsAccepted() {
        let cases: [(String, String)] = [
            ("[{name: a, snooze: {limit: 1m}}]", "unknown key 'policies[0].snooze'"),
            ("[{name: a, idle: {limit: 1m}}, {name: a, lifetime: {max: 1h}}]", "'a' is used twice"),
            ("[{name: a, idle: {limit: 0s}}]", "key 'policies[0].idle.limit': value '0s' is not accepted"),
            ("[{name: a, max_sessions: {limit: 0}}]", "key 'policies[0].max_sessions.limit': value '0'"),
            ("[{name: a, max_sessions: {limit: -3}}]", "value '-3' is not accepted; expected a whole number"),
            ("[{name: a, hours: {allow: \"Mon 08:00-08:00\"}}]", "never opens"),
            ("[{name: a, hours: {allow: \"Mon-Fri 8-22\"}}]", "HH:MM-HH:MM"),
            ("[{name: a, hours: {allow: \"Mon 08:00-09:00\", zone: Mars/Olympus}}]", "value 'Mars/Olympus'"),
            ("[{name: a, lifetime: {max: 1h}, scope: {remote_hosts: [10.0.0.0/33]}}]", "'10.0.0.0/33'"),
            ("[{name: a, lifetime: {max: 1h}, scope: {remote_hosts: [10.0.0.1/8]}}]", "host bits"),
            ("[{name: a, lifetime: {max: 1h}, scope: {groups: [nobodyhere]}}]", "'nobodyhere' is not a group"),
            ("[{name: a}]", "give exactly one kind"),
            ("[{name: a, kind: idle, lifetime: {max: 1h}}]", "does not match"),
            ("[{name: a, lifetime: {max: 1h}, reason: \"{limit}\"}]", "'{limit}' is not a fact of a lifetime policy"),
            ("[{name: a, ip_spread: {distinct: 1, within: 1h}}]", "2 or more"),
            ("[{lifetime: {max: 1h}}]", "'name' is required"),
        ]
        for (policies, expected) in cases {
            let message = refusal("policies: \(policies)")
            #expect(message.hasPrefix("/etc/curfew/curfew.yaml: "), "\(policies)")
            #expect(message.contains(expected), "\(policies): \(message)")
        }
    }

    @Test func addressRangesMatchTheirHostsOnly() throws {
        let range = try AddressRange(parsing: "10.1.0.0/16")
        #expect(range.contains("10.1.200.3") && !range.contains("10.2.0.1") && !range.contains("host.example"))
        #expect(range.contains("::ffff:10.1.0.9"))
        #expect(try AddressRange(parsing: "2001:db8::/32").contains("2001:db8:1::5"))
        #expect(try AddressRange(parsing: "127.0.0.2").contains("127.0.0.2"))
    }
}

/// Allowed hours as instants: midnight crossing and daylight saving time.
@Suite struct AllowedHoursTests {
    let utc = TimeZone(identifier: "UTC")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aWindowMayCrossMidnight() throws {
        let nights = try AllowedHours(ranges: ["Fri 22:00-06:00"], zone: utc)
        // Friday 2026-09-25.
        #expect(nights.isOpen(at: date("2026-09-25T23:00:00Z")))
        #expect(nights.isOpen(at: date("2026-09-26T05:59:00Z")))
        #expect(!nights.isOpen(at: date("2026-09-26T06:00:00Z")))
        #expect(nights.closing(after: date("2026-09-25T23:00:00Z")) == date("2026-09-26T06:00:00Z"))
        #expect(nights.opening(after: date("2026-09-26T07:00:00Z")) == date("2026-10-02T22:00:00Z"))
    }

    @Test func adjacentWindowsMergeSoSessionsRunThrough() throws {
        let hours = try AllowedHours(ranges: ["Mon 08:00-24:00", "Tue 00:00-02:00"], zone: utc)
        #expect(hours.closing(after: date("2026-09-21T20:00:00Z")) == date("2026-09-22T02:00:00Z"))
    }

    @Test func closingTimesFollowDaylightSavingTime() throws {
        let hours = try AllowedHours(ranges: ["Sat 08:00-02:30"], zone: berlin)
        // Spring: 02:30 does not exist on 2026-03-29; the window closes when the clocks jump (03:00 CEST).
        #expect(hours.closing(after: date("2026-03-28T12:00:00Z")) == date("2026-03-29T01:00:00Z"))
        // Autumn: 02:30 happens twice on 2026-10-25; the earlier one (CEST) closes it.
        #expect(hours.closing(after: date("2026-10-24T12:00:00Z")) == date("2026-10-25T00:30:00Z"))
        // An ordinary week: 02:30 CET.
        #expect(hours.closing(after: date("2026-01-10T12:00:00Z")) == date("2026-01-11T01:30:00Z"))
    }
}
