import Foundation

/// How times are shown: absolute local time, UTC, and how far away.
public enum TimeText {
    /// "2026-11-25 18:00:00 CET (17:00:00 UTC)".
    public static func absolute(_ instant: Date, in zone: TimeZone = .current) -> String {
        let local = format(instant, "yyyy-MM-dd HH:mm:ss zzz", zone)
        let utc = format(instant, "HH:mm:ss", TimeZone(identifier: "UTC")!)
        return zone.secondsFromGMT(for: instant) == 0 && zone.abbreviation(for: instant) == "UTC"
            ? local : "\(local) (\(utc) UTC)"
    }

    /// "2026-11-25 18:00:00 CET (17:00:00 UTC), in 2 h 3 min".
    public static func describe(_ instant: Date, now: Date, in zone: TimeZone = .current) -> String {
        let delta = instant.timeIntervalSince(now)
        let relative =
            abs(delta) < 1 ? "now" : delta > 0 ? "in \(DurationText.spoken(delta))" : "\(DurationText.spoken(-delta)) ago"
        return "\(absolute(instant, in: zone)), \(relative)"
    }

    /// RFC 3339 UTC with milliseconds: "2026-11-25T17:00:00.000Z".
    public static func rfc3339(_ instant: Date) -> String {
        instant.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Wall-clock "HH:mm" in a zone; `roundUp` shows the minute a second before it ends as the next one.
    static func clock(_ instant: Date, in zone: TimeZone, roundUp: Bool = false) -> String {
        format(roundUp ? instant.addingTimeInterval(1) : instant, "HH:mm", zone)
    }

    private static func format(_ instant: Date, _ pattern: String, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: instant)
    }
}
