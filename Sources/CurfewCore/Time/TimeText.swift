import Foundation
import Glibc

/// How times are shown: absolute local time, UTC, and how far away.
public enum TimeText {
    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC)"; in a UTC zone just "2026-11-25 17:00:00 UTC".
    /// (Offsets rather than abbreviations: Foundation on Linux has no CET, only GMT+1.)
    public static func absolute(_ instant: Date, in zone: TimeZone = .current) -> String {
        let utc = TimeZone(identifier: "UTC")!
        if zone.secondsFromGMT(for: instant) == 0,
            ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier)
        {
            return format(instant, "yyyy-MM-dd HH:mm:ss", utc) + " UTC"
        }
        return "\(format(instant, "yyyy-MM-dd HH:mm:ss xxx", zone)) (\(format(instant, "HH:mm:ss", utc)) UTC)"
    }

    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min".
    public static func describe(_ instant: Date, now: Date, in zone: TimeZone = .current) -> String {
        let delta = instant.timeIntervalSince(now)
        let relative =
            abs(delta) < 1
            ? "now" : delta > 0 ? "in \(DurationText.spoken(delta))" : "\(DurationText.spoken(-delta)) ago"
        return "\(absolute(instant, in: zone)), \(relative)"
    }

    /// RFC 3339 UTC with milliseconds: "2026-11-25T17:00:00.000Z". Rounded to the nearest millisecond, so a time
    /// read back from this text prints the same text again.
    public static func rfc3339(_ instant: Date) -> String {
        let milliseconds = Int64((instant.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        // The C library's calendar: every job and event writes a few of these, and Foundation's format style cost a
        // twentieth of a batched insert.
        var whole = time_t(fraction < 0 ? seconds - 1 : seconds)
        var fields = tm()
        guard gmtime_r(&whole, &fields) != nil else { return instant.formatted(Date.ISO8601FormatStyle()) }
        let thousandths = Int32(fraction < 0 ? fraction + 1000 : fraction)
        if (0...9999).contains(fields.tm_year + 1900) {
            // Digit by digit into the string's own storage: interpolating padded numbers was 6% of a batched insert,
            // which writes one of these per job (perf, issue 16).
            return String(unsafeUninitializedCapacity: 24) { text in
                var end = 0
                func put(_ value: Int32, _ width: Int, then separator: Character) {
                    var rest = value
                    for index in (end..<end + width).reversed() {
                        text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                    text[end + width] = separator.asciiValue!
                    end += width + 1
                }
                put(fields.tm_year + 1900, 4, then: "-")
                put(fields.tm_mon + 1, 2, then: "-")
                put(fields.tm_mday, 2, then: "T")
                put(fields.tm_hour, 2, then: ":")
                put(fields.tm_min, 2, then: ":")
                put(fields.tm_sec, 2, then: ".")
                put(thousandths, 3, then: "Z")
                return end
            }
        }
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(padded(fields.tm_year + 1900, 4))-\(padded(fields.tm_mon + 1, 2))-\(padded(fields.tm_mday, 2))"
        let time = "\(padded(fields.tm_hour, 2)):\(padded(fields.tm_min, 2)):\(padded(fields.tm_sec, 2))"
        return "\(date)T\(time).\(padded(thousandths, 3))Z"
    }

    /// Wall-clock "HH:mm" at `instant` as a clock showing `offset` seconds from UTC reads it.
    static func clock(_ instant: Date, offset: Int) -> String {
        format(instant.addingTimeInterval(TimeInterval(offset)), "HH:mm", TimeZone(identifier: "UTC")!)
    }

    private static func format(_ instant: Date, _ pattern: String, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: instant)
    }
}
