import CurfewClient
import Foundation
import Testing

@testable import CurfewCLI

/// The human output of each reply, from JSON shaped as the API contract shows it, at a fixed instant and zone.
@Suite struct RenderingTests {
    func decode<Reply: Decodable>(_ json: String, as type: Reply.Type) throws -> Reply {
        try DaemonReply(status: 200, body: Data(json.utf8)).decode(type)
    }

    @Test func aScheduledTerminationShowsItsFieldsAndHistoryInLocalTimeAndUTC() throws {
        let job = try decode(Samples.scheduled, as: TerminationReply.self)
        #expect(
            testRendering.terminationDetail(job) == """
                termination 42: scheduled
                  target   user alice (service sshd)
                  due      2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min
                  reason   offboarding
                  notices  15m, 5m, 1m before; next at 2026-11-25 17:45:00 +01:00 (16:45:00 UTC)
                  created  2026-11-25 15:50:00 +01:00 (14:50:00 UTC) by root (uid 0, pid 1234)
                sessions: chosen when it fires
                history:
                  AT                                         FROM  TO         NOTE
                  2026-11-25 15:50:00 +01:00 (14:50:00 UTC)  -     scheduled
                """
        )
    }

    @Test func aFailedTerminationShowsEachSessionsOutcomeAndItsReasonWithoutEscapes() throws {
        let job = try decode(Samples.failed, as: TerminationReply.self)
        #expect(
            testRendering.terminationDetail(job) == """
                termination 43: failed
                  target   sessions 12, 14
                  due      2026-11-25 15:56:00 +01:00 (14:56:00 UTC), 1 min ago
                  reason   incident 4711
                  notices  none
                  created  2026-11-25 15:56:00 +01:00 (14:56:00 UTC) by root (uid 0, pid 99)
                  fired    2026-11-25 15:56:02 +01:00 (14:56:02 UTC), 3 s late
                sessions:
                  SESSION  USER     RESULT      AT                                         ERROR
                       12  mallory  terminated  2026-11-25 15:56:02 +01:00 (14:56:02 UTC)
                       14  mallory  failed      2026-11-25 15:56:02 +01:00 (14:56:02 UTC)  org.freedesktop.login1.NoSuchSession
                notices sent:
                  AT                                         NOTICE  SESSION  DELIVERY     DETAIL
                  2026-11-25 15:56:02 +01:00 (14:56:02 UTC)  final        12  desktop
                  2026-11-25 15:56:02 +01:00 (14:56:02 UTC)  final        14  unreachable  no way to reach this session: it has neither a terminal nor a desktop
                history:
                  AT                                         FROM       TO         NOTE
                  2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  -          scheduled
                  2026-11-25 15:56:02 +01:00 (14:56:02 UTC)  scheduled  firing     2.5 s late
                  2026-11-25 15:56:02 +01:00 (14:56:02 UTC)  firing     failed     1 of 2 sessions failed
                """
        )
    }

    @Test func sessionsShowTheFirstTerminationThatEndsEach() throws {
        let page = try decode(Samples.sessions, as: SessionPage.self)
        #expect(
            testRendering.sessions(page) == """
                ID  USER   SERVICE  TTY    FROM      IDLE  ENDS
                12  alice  sshd     pts/1  10.0.0.5  -     #42 at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min
                14  alice  -        -      -         idle  #42 at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min (+1 more)
                c1  bob    login    tty2   -         -     -
                """
        )
    }

    /// A policy's end shows as such, before its termination is queued and after (the job is due at the same time).
    @Test(arguments: [nil, "2026-11-25T14:32:00.000Z", "2026-11-25T14:33:00.000Z"])
    func aSessionAPolicyEndsFirstNamesThePolicy(_ queuedDue: String?) throws {
        let terminations = queuedDue.map { #"[{"id": 7, "due_at": "\#($0)", "seconds_left": 120, "reason": "idle"}]"# }
        let json = #"""
            {"sessions": [{"id": "12", "user": "alice", "uid": 1000, "remote_host": null, "remote_user": null,
             "tty": "pts/1", "service": "sshd", "type": "tty", "class": "user", "state": "active", "seat": null,
             "leader": 4242, "created_at": null, "idle": true, "idle_since": null,
             "terminations": \#(terminations ?? "[]"),
             "policy": {"policy": "office-idle", "what": "idle limit", "at": "2026-11-25T14:32:00.000Z",
                        "seconds_left": 120, "dry_run": false}}],
             "total": 1, "limit": 100, "offset": 0}
            """#
        let rendered = testRendering.sessions(try decode(json, as: SessionPage.self))
        #expect(rendered.contains("idle limit ") && rendered.contains(" (office-idle)"), "\(rendered)")
        #expect(!rendered.contains("#7"), "\(rendered)")
    }

    @Test func terminationsAreListedWithAFooterWhenMoreFollow() throws {
        let page = try decode(Samples.list, as: TerminationPage.self)
        #expect(
            testRendering.terminations(page) == """
                ID  STATE      TARGET                     DUE                                        WHEN          REASON
                43  failed     sessions 12, 14            2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  1 min ago     incident 4711
                42  scheduled  user alice (service sshd)  2026-11-25 18:00:00 +01:00 (17:00:00 UTC)  in 2 h 3 min  offboarding
                terminations 1-2 of 5; --offset 2 shows more
                """
        )
    }

    @Test func statusIsAShortSummary() throws {
        let status = try decode(Samples.status, as: StatusReply.self)
        #expect(
            testRendering.status(status) == """
                curfewd 0.1.0, up 2 h 3 min (since 2026-11-25 13:54:00 +01:00 (12:54:00 UTC))
                pending: 3; next event at 2026-11-25 17:45:00 +01:00 (16:45:00 UTC), in 1 h 48 min
                jobs: 3 scheduled, 0 firing, 9 completed, 0 failed, 1 cancelled, 0 missed
                """
        )
    }

    @Test func meIsOneSentencePerTermination() throws {
        let me = try decode(Samples.me, as: MeReply.self)
        #expect(
            testRendering.me(me)
                == "your sessions 12 (ssh from 10.0.0.5) and 14 end at 2026-11-25 18:00:00 +01:00 (17:00:00 UTC), "
                + "in 2 h 3 min; reason: offboarding"
        )
    }

    @Test func meWithNothingScheduledSaysSo() throws {
        let me = MeReply(
            user: "bob",
            uid: 1001,
            sessions: [try decode(Samples.bobsConsoleSession, as: SessionReply.self)],
            terminations: []
        )
        #expect(testRendering.me(me) == "nothing is scheduled to end your session c1 (login on tty2)")
    }

    @Test func theAuditTrailShowsWhoDidWhat() throws {
        let page = try decode(Samples.audit, as: AuditPage.self)
        #expect(
            testRendering.audit(page) == """
                ID  AT                                         ACTOR           ACTION     TARGET                     JOB  RESULT                        REASON
                 8  2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  bob (uid 1001)  denied     /v1/terminations             -  forbidden
                 7  2026-11-25 15:50:00 +01:00 (14:50:00 UTC)  root (uid 0)    scheduled  user alice (service sshd)   42  due 2026-11-25T17:00:00.000Z  offboarding
                entries 1-2; --offset 2 shows more
                """
        )
    }
}
