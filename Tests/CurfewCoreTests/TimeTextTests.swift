import CurfewCore
import Foundation
import Testing

@Suite struct TimeTextTests {
    /// The C library's calendar must write what Foundation's ISO 8601 style writes, milliseconds added.
    @Test(arguments: [
        0, 1, -1, 0.0004, 0.0005, 59.9996, -0.0004, 951_782_400, 951_868_799.999, 1_796_230_800.123,
        1_767_225_599.9995, 4_102_444_800, -86_400.25, 253_402_300_799,
    ])
    func rfc3339MatchesFoundation(seconds: Double) {
        let instant = Date(timeIntervalSince1970: seconds)
        let milliseconds = Int64((instant.timeIntervalSince1970 * 1000).rounded())
        let (whole, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let base = Date(timeIntervalSince1970: TimeInterval(fraction < 0 ? whole - 1 : whole))
        let digits = String(fraction < 0 ? fraction + 1000 : fraction)
        let expected =
            base.formatted(Date.ISO8601FormatStyle()).dropLast() + "."
            + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
        #expect(TimeText.rfc3339(instant) == expected)
    }

    @Test func rfc3339Examples() {
        #expect(TimeText.rfc3339(Date(timeIntervalSince1970: 1_796_230_800.5)) == "2026-12-02T17:00:00.500Z")
        #expect(TimeText.rfc3339(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(TimeText.rfc3339(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
    }
}
