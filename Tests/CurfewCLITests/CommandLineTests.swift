import CurfewClient
import ArgumentParser
import Foundation
import Testing

@testable import CurfewCLI

/// What the command line accepts, and that everything it refuses exits 2 before the daemon is asked.
@Suite struct CommandLineTests {
    @Test(
        arguments: [
            (["terminate", "--at", "18:00"], "say what to end: --session ID..., --user NAME, --group NAME or --all"),
            (
                ["terminate", "--user", "alice", "--all", "--in", "5m"],
                "give only one of --session, --user, --group or --all"
            ),
            (
                ["terminate", "--group", "students", "--user", "alice", "--in", "5m"],
                "give only one of --session, --user, --group or --all"
            ),
            (["terminate", "--group", "", "--in", "5m"], "--group needs a group name"),
            (
                ["terminate", "--group", "students", "--in", "5m", "--fleet"],
                "--fleet takes --user or --all, not --group"
            ),
            (["terminate", "--user", "alice"], "say when: one of --at, --in, --now"),
            (["terminate", "--all", "--at", "18:00", "--now"], "give only one of --at, --in, --now"),
            (["terminate", "--all", "--at", "NOW "], "to end sessions now, use --now (it asks for confirmation)"),
            (
                ["terminate", "--session", "12", "--service", "sshd", "--in", "5m"],
                "--remote-host, --service, --tty, --class and --type narrow --user, --group or --all, not --session"
            ),
            (
                ["terminate", "--session", "../12", "--in", "5m"],
                "'../12' is not a session id: expected letters and digits such as 12 or c1"
            ),
            (
                ["terminate", "--user", "alice", "--in", "5x"],
                "'5x' is not a duration: unexpected 'x'; expected a positive duration such as 90s, 15m, 1h30m or 2d (units d, h, m, s)"
            ),
            (
                ["terminate", "--user", "alice", "--in", "5m", "--notice", "15m,,1m"],
                "notice plan '15m,,1m': '' is not a duration: every number needs a unit; expected a positive duration such as 90s, 15m, 1h30m or 2d (units d, h, m, s); expected comma-separated durations such as 15m,5m,1m, or none"
            ),
            (
                ["terminate", "--user", "alice", "--in", "5m", "--notice", "5m", "--no-notice"],
                "give either --notice or --no-notice, not both"
            ),
            (
                ["terminate", "--user", "alice", "--now", "--notice", "5m"],
                "--now sends only a final notice; --notice and --no-notice go with --at or --in"
            ),
            (["show", "abc"], "'abc' is not a termination id: expected a positive integer such as 42"),
            (["cancel", "0"], "'0' is not a termination id: expected a positive integer such as 42"),
            (["reschedule", "42"], "say when: one of --at, --in"),
            (["reschedule", "42", "--at", "18:00", "--in", "1h"], "give only one of --at, --in"),
            (
                ["list", "--state", "done"],
                "'done' is not a termination state: expected one of scheduled, firing, completed, failed, cancelled, missed"
            ),
            (["sessions", "--limit", "0"], "--limit is 0; expected a number from 1 to 1000"),
            (["audit", "--limit", "1001"], "--limit is 1001; expected a number from 1 to 1000"),
            (["audit", "--offset=-1"], "--offset is -1; expected 0 or more"),
            (
                ["audit", "--since", "yesterday"],
                "--since 'yesterday' is neither an RFC 3339 time such as 2026-11-25T17:00:00Z nor a duration ago such as 2h or 1d"
            ),
        ]
    )
    func refusedCommandLinesExitTwoSayingWhy(arguments: [String], message: String) async throws {
        let error = #expect(throws: (any Error).self) { try Curfewctl.parseAsRoot(arguments) }
        #expect(Curfewctl.message(for: try #require(error)) == message)

        let (status, terminal) = await run(arguments)
        #expect(status == 2)
        #expect(terminal.err.hasPrefix("Error: \(message)\n"))
        #expect(terminal.out == "")
    }

    @Test func aTooLongReasonIsRefused() async {
        let (status, terminal) = await run([
            "terminate", "--all", "--in", "1h", "--reason", String(repeating: "x", count: 501),
        ])
        #expect(status == 2)
        #expect(terminal.err.hasPrefix("Error: --reason is 501 characters long; at most 500\n"))
    }

    @Test func unknownOptionsAndActionsAreUsageErrorsToo() async {
        #expect(await run(["terminate", "--usr", "alice"]).status == 2)
        #expect(await run(["audit", "--action", "deleted"]).status == 2)
        #expect(await run(["frobnicate"]).status == 2)
    }

    @Test func helpGoesToStandardOutputAndExitsZero() async {
        let (status, terminal) = await run(["help", "terminate"])
        #expect(status == 0)
        #expect(terminal.out.hasPrefix("OVERVIEW: Schedule the end of login sessions, or end them now.\n"))
        #expect(terminal.err == "")
    }

    @Test func theRootHelpDocumentsTheExitCodes() {
        let help = Curfewctl.helpMessage(columns: 100)
        #expect(help.contains("  2  Usage: the command line is wrong"))
        #expect(help.contains("  3  curfewd could not be reached at the socket"))
    }

    @Test func sessionTargetsAndTimesAreSentAsTyped() throws {
        let command = try #require(
            try Curfewctl.parseAsRoot(["terminate", "--session", "12", "14", "--at", "tomorrow 18:00"])
                as? Curfewctl.Terminate
        )
        #expect(
            try command.body(at: command.at, within: command.within)
                == TerminationBody(target: TargetBody(sessions: ["12", "14"]), at: "tomorrow 18:00")
        )
    }

    @Test func userTargetsCarryTheirFiltersAndTheNoticePlanIsNormalised() throws {
        let command = try #require(
            try Curfewctl.parseAsRoot([
                "terminate", "--user", "alice", "--tty", "pts/1", "--class", "user", "--in", "90m",
                "--notice", "1m,900s", "--reason", "offboarding", "--dry-run",
            ]) as? Curfewctl.Terminate
        )
        let body = try command.body(at: command.at, within: command.within)
        #expect(
            String(decoding: try APIJSON.encode(body), as: UTF8.self)
                == #"{"dry_run":true,"in":"90m","notices":["15m","1m"],"reason":"offboarding","#
                + #""target":{"class":"user","tty":"pts/1","user":"alice"}}"#
        )
    }

    @Test func groupTargetsCarryTheirFilters() throws {
        let command = try #require(
            try Curfewctl.parseAsRoot(["terminate", "--group", "students", "--service", "sshd", "--at", "18:00"])
                as? Curfewctl.Terminate
        )
        #expect(
            String(decoding: try APIJSON.encode(try command.body(at: command.at, within: nil)), as: UTF8.self)
                == #"{"at":"18:00","target":{"group":"students","service":"sshd"}}"#
        )
    }

    @Test func noticeNoneMeansNoNotice() throws {
        let command = try #require(
            try Curfewctl.parseAsRoot(["terminate", "--all", "--at", "22:00", "--notice", "none"])
                as? Curfewctl.Terminate
        )
        #expect(
            try command.body(at: command.at, within: command.within)
                == TerminationBody(target: TargetBody(all: true), at: "22:00", noNotice: true)
        )
    }

    @Test func auditSinceTakesATimeOrADurationAgo() throws {
        let hours = try #require(try Curfewctl.parseAsRoot(["audit", "--since", "2h"]) as? Curfewctl.Audit)
        #expect(try hours.sinceInstant(now: testNow) == testNow.addingTimeInterval(-7200))
        let instant = try #require(
            try Curfewctl.parseAsRoot(["audit", "--since", "2026-11-25T17:00:00Z"]) as? Curfewctl.Audit
        )
        #expect(try instant.sinceInstant(now: testNow) == Date(timeIntervalSince1970: 1_795_626_000))
    }

    @Test func theSocketComesFromTheOptionThenTheEnvironment() throws {
        let explicit = try DaemonOptions.parse(["--socket", "/tmp/x.sock"])
        #expect(explicit.socketPath == "/tmp/x.sock")
        var console = TestTerminal().console(interactive: false)
        console.environment = ["CURFEW_SOCKET": "/srv/curfew.sock"]
        let fromEnvironment = Console.$current.withValue(console) { (try? DaemonOptions.parse([]))?.socketPath }
        #expect(fromEnvironment == "/srv/curfew.sock")
    }
}
