#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import CurfewClient

/// Replies in the process's own time zone, through the C library (TZ, else /etc/localtime): what the full curfewctl
/// prints through Foundation's `TimeZone.current`, without loading time zone data of its own.
struct LocalTimeRendering: ReplyRendering, Sendable {
    var now: Date
    /// The zone's name as Foundation gives it ("Europe/Berlin", "UTC"), which decides how UTC itself is written.
    var zoneName: String
    /// An instant in the local zone, broken down; `localtime_r` but in tests.
    var localTime: @Sendable (time_t) -> tm

    static let utcNames: Set = ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"]

    init(now: Date, zoneName: String, localTime: @escaping @Sendable (time_t) -> tm) {
        self.now = now
        self.zoneName = zoneName
        self.localTime = localTime
    }

    /// In the process's zone.
    init(now: Date, environment: [String: String]) {
        tzset()
        self.init(
            now: now,
            zoneName: Self.zoneName(tz: environment["TZ"], localtime: Self.link("/etc/localtime")),
            localTime: { seconds in
                var seconds = seconds
                var local = tm()
                localtime_r(&seconds, &local)
                return local
            }
        )
    }

    /// "2026-11-25 18:00:00 +01:00 (17:00:00 UTC)", or "2026-11-25 17:00:00 UTC" when the zone is UTC.
    func absolute(_ instant: Date) -> String {
        var seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        let local = localTime(seconds)
        var utc = tm()
        gmtime_r(&seconds, &utc)
        if local.tm_gmtoff == 0, Self.utcNames.contains(zoneName) {
            return Self.date(utc) + " " + Self.clock(utc) + " UTC"
        }
        return "\(Self.date(local)) \(Self.clock(local)) \(Self.offset(local.tm_gmtoff)) (\(Self.clock(utc)) UTC)"
    }

    /// The zone's name: TZ without its leading colon (a path's part after zoneinfo/), else where /etc/localtime
    /// points, else UTC (the C library's own default).
    static func zoneName(tz: String?, localtime: String?) -> String {
        if var tz, !tz.isEmpty {
            if tz.hasPrefix(":") { tz.removeFirst() }
            return afterZoneinfo(tz) ?? tz
        }
        return localtime.flatMap(afterZoneinfo) ?? "UTC"
    }

    private static func afterZoneinfo(_ path: String) -> String? {
        guard let range = path.firstRange(of: "zoneinfo/") else { return nil }
        return String(path[range.upperBound...])
    }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func date(_ time: tm) -> String {
        "\(time.tm_year + 1900)-\(two(time.tm_mon + 1))-\(two(time.tm_mday))"
    }

    private static func clock(_ time: tm) -> String {
        "\(two(time.tm_hour)):\(two(time.tm_min)):\(two(time.tm_sec))"
    }

    /// "+01:00", "-03:30", "+00:00".
    static func offset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + two(Int32(minutes / 60)) + ":" + two(Int32(minutes % 60))
    }
}
