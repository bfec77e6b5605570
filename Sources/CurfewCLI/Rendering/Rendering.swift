import CurfewClient
import CurfewCore
import Foundation

/// Turns the daemon's replies into text for people, as seen at `now` in `timeZone` (what every reply shares is in
/// `ReplyRendering`).
struct Rendering: ReplyRendering, Sendable {
    var now: Date
    var timeZone: TimeZone

    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC)".
    func absolute(_ instant: Date) -> String {
        TimeText.absolute(instant, in: timeZone)
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
