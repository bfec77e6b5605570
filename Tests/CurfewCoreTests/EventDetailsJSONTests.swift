import Foundation
import Testing

@testable import CurfewCore

/// Event details are stored as JSON written by hand (`EventDetails.json`); it must read back as the same details and
/// say what `JSONEncoder` said, for every field, including one added later.
@Suite struct EventDetailsJSONTests {
    static var everyField: EventDetails {
        var details = EventDetails(
            target: "user al\"ice (service ssh\\d)",
            dueAt: "2026-12-03T18:00:00.000Z",
            previousDueAt: "2026-12-03T17:00:00.000Z",
            reason: "off/boarding\n\u{1}\u{7f} é 😀",
            dryRun: true,
            immediate: false,
            actor: Caller(uid: 4_294_967_295, name: "root", pid: -1),
            notice: "step",
            lead: "5m",
            sessions: ["3", "c7", "\t"],
            delivered: 2,
            result: "terminated",
            error: "logind: \"no such session\"",
            latenessSeconds: 0.000_012_5,
            failed: 0,
            policy: "office-idle",
            addresses: ["10.0.0.5", "::1"]
        )
        details.directory = "/var/lib/curfew"
        details.reserveBytes = 8_388_608
        details.fleetJob = "f-1"
        details.host = "lab-a"
        details.service = "sshd"
        details.remoteHost = "10.0.0.5"
        details.rule = "hold"
        details.until = "2026-12-04T08:00:00.000Z"
        return details
    }

    static func object(_ text: String) throws -> NSDictionary? {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
    }

    @Test func everyFieldReadsBackAndSaysWhatTheEncoderSaid() throws {
        let details = Self.everyField
        let json = details.json
        #expect(try JSONDecoder().decode(EventDetails.self, from: Data(json.utf8)) == details)
        let encoded = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
        #expect(try Self.object(json) == Self.object(encoded))
    }

    @Test func everyFieldIsWritten() throws {
        // A field added to EventDetails and its CodingKeys but not to `json` fails here.
        #expect(Mirror(reflecting: EventDetails()).children.count == EventDetails.CodingKeys.allCases.count)
        let keys = try #require(try Self.object(Self.everyField.json)?.allKeys as? [String])
        #expect(Set(keys) == Set(EventDetails.CodingKeys.allCases.map(\.rawValue)))
    }

    @Test func nothingSetIsAnEmptyObjectAndNumbersKeepTheirValue() throws {
        #expect(EventDetails().json == "{}")
        for lateness in [0, 1, 2.5, -3, 1e-5, 123_456.789, 1e20] {
            let details = EventDetails(latenessSeconds: lateness)
            #expect(try JSONDecoder().decode(EventDetails.self, from: Data(details.json.utf8)) == details)
        }
        #expect(EventDetails(latenessSeconds: 2).json == #"{"lateness_seconds":2}"#)
    }
}
