import CurfewCore
import Foundation

/// Turns the daemon's replies into text for people, as seen at `now` in `timeZone`.
///
/// Every string that came from the daemon goes through `TerminalText.sanitize` (directly or by a `Table`) before it
/// is returned: it may have been typed by another user.
struct Rendering: Sendable {
    var now: Date
    var timeZone: TimeZone

    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC)".
    func absolute(_ instant: Date) -> String {
        TimeText.absolute(instant, in: timeZone)
    }

    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min".
    func describe(_ instant: Date) -> String {
        TimeText.describe(instant, now: now, in: timeZone)
    }

    /// "in 2 h 3 min", "5 min ago" or "now".
    func relative(_ instant: Date) -> String {
        let delta = instant.timeIntervalSince(now)
        if abs(delta) < 1 { return "now" }
        return delta > 0 ? "in \(DurationText.spoken(delta))" : "\(DurationText.spoken(-delta)) ago"
    }

    /// Text from the daemon, safe for the terminal.
    func safe(_ text: String) -> String {
        TerminalText.sanitize(text)
    }

    /// "alice (uid 1000, pid 4242)"; a policy, which has no process, as "policy office-idle".
    func caller(_ caller: Caller) -> String {
        if caller.pid == 0, Policy.name(ofActor: caller.name) != nil { return safe(caller.name) }
        return "\(safe(caller.name)) (uid \(caller.uid), pid \(caller.pid))"
    }

    /// "14:32" today, "2026-11-25 14:32" another day, in the caller's zone.
    func clock(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let format = calendar.isDate(instant, inSameDayAs: now) ? "HH:mm" : "yyyy-MM-dd HH:mm"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        return formatter.string(from: instant)
    }

    /// "idle limit 14:32 (office-idle)".
    func policyEnd(_ end: PolicyEndReply) -> String {
        safe("\(end.what) \(clock(end.at)) (\(end.policy))") + (end.dryRun ? " (dry run)" : "")
    }

    /// "12, 14 and 15".
    static func list(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// "sessions 101-200 of 250; --offset 200 shows more", when a list does not fit one page. Without a total, a full
    /// page may have more after it.
    static func pageFooter(noun: String, shown: Int, offset: Int, limit: Int, total: Int?) -> String? {
        let more = total.map { offset + shown < $0 } ?? (shown > 0 && shown == limit)
        guard offset > 0 || more else { return nil }
        let range = shown == 0 ? "no \(noun)" : "\(noun) \(offset + 1)-\(offset + shown)"
        let of = total.map { " of \($0)" } ?? ""
        return range + of + (more ? "; --offset \(offset + shown) shows more" : "")
    }
}
