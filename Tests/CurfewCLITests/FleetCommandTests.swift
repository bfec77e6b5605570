import Foundation
import Testing

@testable import CurfewCLI

/// `terminate --fleet` and `curfewctl fleet ...`: what they refuse, send and print.
@Suite struct FleetCommandTests {
    @Test(
        arguments: [
            (["terminate", "--user", "a", "--in", "1h", "--label", "x"], "--hosts and --label go with --fleet"),
            (
                ["terminate", "--session", "3", "--in", "1h", "--fleet"],
                "--fleet takes --user or --all: session ids mean nothing on other hosts"
            ),
            (
                ["terminate", "--user", "a", "--now", "--fleet"],
                "--fleet goes with --at or --in, not with --now or --dry-run"
            ),
            (
                ["terminate", "--user", "a", "--in", "1h", "--fleet", "--hosts", "a", "--label", "x"],
                "give --hosts or --label, not both"
            ),
            (["terminate", "--user", "a", "--in", "1h", "--fleet", "--hosts", ","], "--hosts needs host ids or names"),
            (
                ["fleet", "show", "42"],
                "'42' is not a fleet job id: expected a UUID as `curfewctl fleet list --json` shows"
            ),
            (["fleet", "reschedule", "0f8c2a1e-0000-4000-8000-000000000001"], "say when: one of --at, --in"),
            (["fleet", "audit", "--limit", "0"], "--limit takes 1 to 1000"),
            (
                ["fleet", "audit", "--job", "42"],
                "'42' is not a fleet job id: expected a UUID as `curfewctl fleet list --json` shows"
            ),
        ]
    )
    func refusedCommandLinesExitTwoSayingWhy(arguments: [String], message: String) async {
        let (status, terminal) = await run(arguments)
        #expect(status == 2)
        #expect(terminal.err.hasPrefix("Error: \(message)\n"), "\(terminal.err)")
    }

    @Test func aFleetJobIsSentWithItsScope() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 201, body: Self.job)])
        defer { daemon.stop() }
        let (status, terminal) = await run([
            "terminate", "--user", "alice", "--at", "18:00", "--fleet", "--hosts", "web-01, web-02", "--reason",
            "offboarding", "--socket", daemon.socketPath,
        ])
        #expect(status == 0)
        let request = try #require(daemon.requests.first)
        #expect(request.method == "POST" && request.target == "/v1/fleet/terminations")
        #expect(
            request.body
                == #"{"at":"18:00","hosts":["web-01","web-02"],"reason":"offboarding","target":{"user":"alice"}}"#
        )
        #expect(terminal.out.hasPrefix("fleet job 0f8c2a1e-0000-4000-8000-000000000001: scheduled\n"))
        #expect(terminal.out.contains("target: user alice on hosts web-01,web-02\n"))
    }

    @Test func showListsEachHostsStandingAndTheHostsNotYetArmed() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: Self.shown)])
        defer { daemon.stop() }
        let (status, terminal) = await run([
            "fleet", "show", "0F8C2A1E-0000-4000-8000-000000000001", "--socket", daemon.socketPath,
        ])
        #expect(status == 0)
        #expect(daemon.requests.first?.target == "/v1/fleet/terminations/0f8c2a1e-0000-4000-8000-000000000001")
        let lines = terminal.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("HOST") && $0.contains("SESSIONS") })
        #expect(lines.contains { $0.hasPrefix("web-01") && $0.contains("completed") && $0.contains("12 terminated") })
        #expect(lines.contains { $0.hasPrefix("web-02") && $0.contains("refused") && $0.contains("protected") })
        #expect(lines.contains { $0.hasPrefix("web-03") && $0.contains("not yet armed") })
        #expect(lines.first == "fleet job 0f8c2a1e-0000-4000-8000-000000000001: \(Self.summary)")
    }

    @Test func listShowsEachJobsStateAsAWhole() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: #"{"terminations":[\#(Self.shown)]}"#)])
        defer { daemon.stop() }
        let (status, terminal) = await run(["fleet", "list", "--socket", daemon.socketPath])
        #expect(status == 0)
        #expect(daemon.requests.first?.target == "/v1/fleet/terminations?limit=100")
        let lines = terminal.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.hasSuffix("STATE") == true)
        #expect(lines.count == 2 && lines[1].hasPrefix("0f8c2a1e ") && lines[1].hasSuffix(Self.summary))
    }

    @Test func auditAsksForTheJobAndHostGivenAndPrintsEachRow() async throws {
        let body = """
            {"entries":[{"id":9,"at":"2026-11-25T17:00:01Z","host":"web-01","actor":"curfewd",
            "action":"report-completed","job_id":"0f8c2a1e-0000-4000-8000-000000000001",
            "detail":"completed (revision 1, termination 7 here)"}]}
            """
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: body)])
        defer { daemon.stop() }
        let (status, terminal) = await run([
            "fleet", "audit", "--job", "0F8C2A1E-0000-4000-8000-000000000001", "--host", "web-01", "--limit", "5",
            "--socket", daemon.socketPath,
        ])
        #expect(status == 0)
        #expect(
            daemon.requests.first?.target
                == "/v1/fleet/audit?job=0f8c2a1e-0000-4000-8000-000000000001&host=web-01&limit=5"
        )
        let lines = terminal.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("ACTION") == true && lines.count == 2)
        #expect(lines[1].contains("web-01") && lines[1].contains("report-completed") && lines[1].contains("0f8c2a1e"))
        #expect(lines[1].hasSuffix("completed (revision 1, termination 7 here)"))
    }

    static let summary = "firing (3 hosts: 1 completed, 1 not yet armed, 1 refused (not completed on web-02))"

    static let job = """
        {"id":"0f8c2a1e-0000-4000-8000-000000000001","target":{"user":"alice"},
        "due_at":"2026-11-25T17:00:00Z","reason":"offboarding","hosts":["web-01","web-02"],
        "actor":"root (uid 0)","origin":"admin-01","state":"scheduled","revision":1,
        "created_at":"2026-11-25T14:57:00Z","updated_at":"2026-11-25T14:57:00Z"}
        """

    static let shown = """
        {"id":"0f8c2a1e-0000-4000-8000-000000000001","target":{"user":"alice"},
        "due_at":"2026-11-25T17:00:00Z","reason":"offboarding","label":"web",
        "actor":"root (uid 0)","origin":"admin-01","state":"scheduled","revision":1,
        "created_at":"2026-11-25T14:57:00Z","updated_at":"2026-11-25T14:57:00Z","waiting":["web-03"],
        "rollup":"firing","host_states":{"completed":1,"refused":1,"waiting":1},
        "summary":"firing (3 hosts: 1 completed, 1 not yet armed, 1 refused (not completed on web-02))",
        "reports":[
        {"host":"web-01","state":"completed","revision":1,"termination_id":7,"fired_at":"2026-11-25T17:00:00Z",
         "late_seconds":0,"sessions":[{"session_id":"12","user":"alice","result":"terminated"}],
         "updated_at":"2026-11-25T17:00:01Z"},
        {"host":"web-02","state":"refused","revision":1,"sessions":[],
         "error":"refused by this host: user alice is protected","updated_at":"2026-11-25T14:57:01Z"}]}
        """
}
