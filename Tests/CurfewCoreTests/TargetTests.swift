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
        let group = try JSONDecoder().decode(Target.self, from: Data(#"{"group":"students","service":"sshd"}"#.utf8))
        #expect(group == .group("students", SessionFilter(service: "sshd")))
        #expect(
            String(decoding: try JSONEncoder.sorted.encode(group), as: UTF8.self)
                == #"{"group":"students","service":"sshd"}"#
        )
    }

    @Test func aGroupTargetMatchesItsMembersByTheirGroupsOnly() {
        let target = Target.group("students", .none)
        let alice = Session(id: "1", user: "alice", uid: 1001)
        #expect(target.matches(alice) { _ in ["alice", "students"] })
        #expect(!target.matches(alice) { _ in ["alice"] })
        #expect(!Target.user("alice", .none).matches(Session(id: "2", user: "bob", uid: 1002)) { _ in [] })
    }

    @Test func aTargetNamesExactlyOneKind() {
        for json in [#"{}"#, #"{"user":"a","all":true}"#, #"{"all":false}"#, #"{"group":"g","user":"a"}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Target.self, from: Data(json.utf8)) }
        }
    }

    @Test func summariesReadAsEnglish() {
        #expect(
            Target.sessions([SessionRef(id: "4", user: "a"), SessionRef(id: "7", user: "a")]).summary == "sessions 4, 7"
        )
        #expect(Target.user("alice", SessionFilter(service: "sshd")).summary == "user alice (service sshd)")
        #expect(Target.all(.none).summary == "all sessions")
        #expect(
            Target.group("students", SessionFilter(remoteHost: "10.0.0.5")).summary
                == "group students (remote host 10.0.0.5)"
        )
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
