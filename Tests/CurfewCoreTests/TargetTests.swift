import CurfewCore
import Foundation
import Testing

@Suite struct TargetTests {
    @Test func jsonShapeIsTheApis() throws {
        let target = Target.user("alice", SessionFilter(remoteHost: "10.0.0.5", service: "sshd"))
        let json = String(decoding: try JSONEncoder.sorted.encode(target), as: UTF8.self)
        #expect(json == #"{"remote_host":"10.0.0.5","service":"sshd","user":"alice"}"#)
        #expect(try JSONDecoder().decode(Target.self, from: Data(json.utf8)) == target)
        let all = try JSONDecoder().decode(Target.self, from: Data(#"{"all":true,"class":"user"}"#.utf8))
        #expect(all == .all(SessionFilter(sessionClass: "user")))
    }

    @Test func aTargetNamesExactlyOneKind() {
        for json in [#"{}"#, #"{"user":"a","all":true}"#, #"{"all":false}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Target.self, from: Data(json.utf8)) }
        }
    }

    @Test func summariesReadAsEnglish() {
        #expect(
            Target.sessions([SessionRef(id: "4", user: "a"), SessionRef(id: "7", user: "a")]).summary == "sessions 4, 7"
        )
        #expect(Target.user("alice", SessionFilter(service: "sshd")).summary == "user alice (service sshd)")
        #expect(Target.all(.none).summary == "all sessions")
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
