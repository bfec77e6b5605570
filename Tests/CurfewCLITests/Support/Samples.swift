/// Replies shaped exactly as the API contract shows them, around `testNow` (2026-11-25 14:57:00 UTC).
enum Samples {
    /// Due at 17:00 UTC, 2 h 3 min after `testNow`, for alice's ssh sessions.
    static let scheduled = """
        {
          "id": 42, "state": "scheduled",
          "target": {"user": "alice", "service": "sshd"}, "target_summary": "user alice (service sshd)",
          "due_at": "2026-11-25T17:00:00.000Z", "due_in_seconds": 7380.5,
          "created_at": "2026-11-25T14:50:00.000Z", "fired_at": null, "lateness_seconds": null,
          "reason": "offboarding", "notices": ["15m", "5m", "1m"], "next_notice_at": "2026-11-25T16:45:00.000Z",
          "actor": {"uid": 0, "name": "root", "pid": 1234}, "dry_run": false,
          "sessions": [],
          "history": [{"from": null, "to": "scheduled", "at": "2026-11-25T14:50:00.000Z", "note": null}]
        }
        """

    /// `scheduled` as the reply to its POST: with the daemon's notes on how it read the time.
    static let created = """
        {
          "id": 42, "state": "scheduled",
          "target": {"user": "alice", "service": "sshd"}, "target_summary": "user alice (service sshd)",
          "due_at": "2026-11-25T17:00:00.000Z", "due_in_seconds": 7380.5,
          "created_at": "2026-11-25T14:57:00.000Z", "fired_at": null, "lateness_seconds": null,
          "reason": "offboarding", "notices": ["15m", "5m"], "next_notice_at": "2026-11-25T16:45:00.000Z",
          "actor": {"uid": 0, "name": "root", "pid": 1234}, "dry_run": false,
          "sessions": [],
          "history": [{"from": null, "to": "scheduled", "at": "2026-11-25T14:57:00.000Z", "note": null}],
          "notes": ["18:00 has passed today; taken as tomorrow"]
        }
        """

    /// Ended now, one session terminated and one that failed; the reason carries an escape sequence.
    static let failed = """
        {
          "id": 43, "state": "failed",
          "target": {"sessions": [{"id": "12", "user": "mallory", "created_at": "2026-11-25T08:00:00.000Z"},
                                  {"id": "14", "user": "mallory", "created_at": null}]},
          "target_summary": "sessions 12, 14",
          "due_at": "2026-11-25T14:56:00.000Z", "due_in_seconds": -60.0,
          "created_at": "2026-11-25T14:56:00.000Z", "fired_at": "2026-11-25T14:56:02.500Z", "lateness_seconds": 2.5,
          "reason": "incident \\u001b[31m4711\\u001b[0m", "notices": [], "next_notice_at": null,
          "actor": {"uid": 0, "name": "root", "pid": 99}, "dry_run": false,
          "sessions": [
            {"session_id": "12", "user": "mallory", "result": "terminated", "error": null,
             "at": "2026-11-25T14:56:02.600Z"},
            {"session_id": "14", "user": "mallory", "result": "failed",
             "error": "org.freedesktop.login1.NoSuchSession", "at": "2026-11-25T14:56:02.700Z"}
          ],
          "history": [
            {"from": null, "to": "scheduled", "at": "2026-11-25T14:56:00.000Z", "note": null},
            {"from": "scheduled", "to": "firing", "at": "2026-11-25T14:56:02.500Z", "note": "2.5 s late"},
            {"from": "firing", "to": "failed", "at": "2026-11-25T14:56:02.700Z", "note": "1 of 2 sessions failed"}
          ],
          "notices_sent": [
            {"kind": "final", "lead": null, "at": "2026-11-25T14:56:02.550Z", "sessions": ["12", "14"], "delivered": 1,
             "dry_run": false, "deliveries": [
               {"session_id": "12", "delivery": "desktop", "detail": null},
               {"session_id": "14", "delivery": "unreachable",
                "detail": "no way to reach this session: it has neither a terminal nor a desktop"}
             ]}
          ]
        }
        """

    /// Ended now with one session terminated.
    static let completed = """
        {
          "id": 44, "state": "completed",
          "target": {"sessions": [{"id": "12", "user": "mallory", "created_at": "2026-11-25T08:00:00.000Z"}]},
          "target_summary": "session 12",
          "due_at": "2026-11-25T14:57:00.000Z", "due_in_seconds": 0.0,
          "created_at": "2026-11-25T14:57:00.000Z", "fired_at": "2026-11-25T14:57:00.000Z", "lateness_seconds": 0.0,
          "reason": "incident", "notices": [], "next_notice_at": null,
          "actor": {"uid": 0, "name": "root", "pid": 99}, "dry_run": false,
          "sessions": [{"session_id": "12", "user": "mallory", "result": "terminated", "error": null,
                        "at": "2026-11-25T14:57:00.000Z"}],
          "history": [
            {"from": null, "to": "firing", "at": "2026-11-25T14:57:00.000Z", "note": null},
            {"from": "firing", "to": "completed", "at": "2026-11-25T14:57:00.000Z", "note": null}
          ]
        }
        """

    static let alicesSSHSession = """
        {"id": "12", "user": "alice", "uid": 1000, "remote_host": "10.0.0.5", "remote_user": null, "tty": "pts/1",
         "service": "sshd", "type": "tty", "class": "user", "state": "active", "seat": null, "leader": 4242,
         "created_at": "2026-11-25T08:00:00.000Z", "idle": false, "idle_since": null,
         "terminations": [{"id": 42, "due_at": "2026-11-25T17:00:00.000Z", "seconds_left": 7380.5,
                           "reason": "offboarding"}]}
        """

    static let alicesLocalSession = """
        {"id": "14", "user": "alice", "uid": 1000, "remote_host": null, "remote_user": null, "tty": null,
         "service": null, "type": "unspecified", "class": "user", "state": "online", "seat": null, "leader": 4300,
         "created_at": null, "idle": true, "idle_since": "2026-11-25T13:00:00.000Z",
         "terminations": [{"id": 42, "due_at": "2026-11-25T17:00:00.000Z", "seconds_left": 7380.5,
                           "reason": "offboarding"},
                          {"id": 50, "due_at": "2026-11-26T17:00:00.000Z", "seconds_left": 93780.5,
                           "reason": "second"}]}
        """

    static let bobsConsoleSession = """
        {"id": "c1", "user": "bob", "uid": 1001, "remote_host": null, "remote_user": null, "tty": "tty2",
         "service": "login", "type": "tty", "class": "user", "state": "active", "seat": "seat0", "leader": 900,
         "created_at": "2026-11-24T09:00:00.000Z", "idle": false, "idle_since": null, "terminations": []}
        """

    static let sessions = """
        {"sessions": [\(alicesSSHSession), \(alicesLocalSession), \(bobsConsoleSession)],
         "total": 3, "limit": 100, "offset": 0}
        """

    static let status = """
        {"version": "0.1.0", "pending": 3, "next_event_at": "2026-11-25T16:45:00.000Z",
         "counts": {"scheduled": 3, "firing": 0, "completed": 9, "failed": 0, "cancelled": 1, "missed": 0},
         "dry_run": false, "started_at": "2026-11-25T12:54:00.000Z", "uptime_seconds": 7380.5}
        """

    static let me = """
        {"user": "alice", "uid": 1000, "sessions": [\(alicesSSHSession), \(alicesLocalSession)],
         "terminations": [\(scheduled)]}
        """

    static let audit = """
        {"entries": [
          {"id": 8, "at": "2026-11-25T14:56:00.000Z", "actor": {"uid": 1001, "name": "bob", "pid": 77},
           "action": "denied", "target": "/v1/terminations", "termination_id": null, "session_id": null,
           "reason": null, "result": "forbidden"},
          {"id": 7, "at": "2026-11-25T14:50:00.000Z", "actor": {"uid": 0, "name": "root", "pid": 1234},
           "action": "scheduled", "target": "user alice (service sshd)", "termination_id": 42, "session_id": null,
           "reason": "offboarding", "result": "due 2026-11-25T17:00:00.000Z"}
        ], "limit": 2, "offset": 0}
        """

    static let list = """
        {"terminations": [\(failed), \(scheduled)], "total": 5, "limit": 2, "offset": 0}
        """

    static func error(_ code: String, _ message: String) -> String {
        #"{"error": {"code": "\#(code)", "message": "\#(message)"}}"#
    }
}

extension Samples {
    static let statusWithWebhooks = """
        {"version": "0.1.0", "pending": 0, "next_event_at": null,
         "counts": {"scheduled": 0, "firing": 0, "completed": 0, "failed": 0, "cancelled": 0, "missed": 0},
         "dry_run": false, "started_at": "2026-11-25T12:54:00.000Z", "uptime_seconds": 60,
         "events": {"newest_id": 120, "pruned_through": 0, "retention_seconds": 2592000},
         "webhooks": [{"url": "https://chat.example.com/hook", "events": ["termination.scheduled"], "pending": 3,
           "delivered": 117, "failed": 1, "last_error": "HTTP 500 Internal Server Error\\u001b[2J",
           "last_error_at": "2026-11-25T14:56:00.000Z", "last_success_at": "2026-11-25T14:50:00.000Z",
           "oldest_pending_at": "2026-11-25T14:55:00.000Z"}]}
        """

    static func event(_ id: Int64, _ type: String, _ summary: String) -> String {
        """
        {"id":\(id),"type":"\(type)","at":"2026-11-25T14:56:00.000Z","termination_id":42,"session_id":null,\
        "user":"alice","users":["alice"],"all_users":false,"summary":"\(summary)","details":{}}
        """
    }
}
