import CSystemd
import CurfewClient
import CurfewText

#if canImport(Glibc)
import Glibc
#endif

// curfew-notify: shows curfewd's notices for this user on their desktop. systemd runs it as the user
// (curfew-notify@UID.service, started by curfewd), since the user's session bus admits that user alone. It fetches
// the user's notices from curfewd, calls Notify on the user's bus for each, and reports how that went; then waits
// for more, and exits once none has come for `linger`. Exits 1 if any notice could not be shown.

// Its group gives access to curfewd's socket: no ptrace, no core dump, nothing of it for other processes of the user.
_ = curfew_set_undumpable()

func say(_ line: String) {
    // The journal (the unit's stderr) keeps it; printable text only.
    let text = TerminalText.sanitize(line, maxLength: 1000) + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

let socketPath = SocketPath.resolve(
    nil,
    environment: getenv("CURFEW_SOCKET").map { ["CURFEW_SOCKET": String(cString: $0)] } ?? [:]
)
let pending = PendingNotices(socketPath: socketPath)
var bus: NotificationBus?
var busError: NotifyError?
do {
    bus = try NotificationBus()
} catch {
    busError = error
}

// The default notice plan's last step is a minute before the due time: staying 90 s after a notice, the helper is
// still there for the final one, which the end of the session waits for half a second at most.
let linger = 90
var attempted: Set<Int64> = []
var failures = 0
while true {
    let notices: [PendingNotices.Notice]
    do {
        // A notice curfewd still holds after a failed report would come back at once: it is not tried twice.
        notices = try pending.fetch(waitingUpTo: linger).filter { !attempted.contains($0.id) }
    } catch {
        say("curfew-notify: cannot fetch the notices from curfewd at \(socketPath): \(error)")
        exit(1)
    }
    if notices.isEmpty { break }
    for notice in notices {
        attempted.insert(notice.id)
        var failure: String?
        do {
            guard let bus else { throw busError ?? NotifyError("no bus") }
            let id = try bus.notify(
                appName: notice.appName,
                summary: notice.summary,
                body: notice.body,
                urgency: notice.urgencyLevel
            )
            say("curfew-notify: notice \(notice.id) shown (notification \(id), urgency \(notice.urgency))")
        } catch let error as NotifyError {
            failure = error.description
            failures += 1
            say("curfew-notify: notice \(notice.id) not shown: \(error)")
        } catch {
            failure = "\(error)"
            failures += 1
            say("curfew-notify: notice \(notice.id) not shown: \(error)")
        }
        do {
            try pending.report(notice.id, error: failure)
        } catch {
            say("curfew-notify: cannot report on notice \(notice.id) to curfewd: \(error)")
        }
    }
}
exit(failures == 0 ? 0 : 1)
