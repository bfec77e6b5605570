import CurfewClient
import CurfewText
import Foundation
import Testing

/// The JSON reader and writer that the login gate's client uses instead of Codable: what JSONSerialization reads, it
/// reads the same; what is not JSON it refuses, saying what and where.
@Suite struct JSONValueTests {
    static func parse(_ text: String) throws(JSONError) -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

    @Test func aReplyReadsAsJSONSerializationReadsIt() throws {
        let text = #"""
             {"allowed": false, "message": "Logins for group \"lab\" are allowed Mon-Fri 08:00-22:00\n\u00e9\ud83d\ude00 \/",
              "rule": null, "n": [-1.5e2, 0, 12, true, {}, []], "deep": {"a": {"b": [{"c": "d"}]}}}
            """#
        let value = try Self.parse(text)
        let reference = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(value["allowed"] == .bool(false))
        #expect(value["message"]?.string == reference?["message"] as? String)
        #expect(value["message"]?.string?.hasSuffix("\né😀 /") == true)
        #expect(value["rule"] == .null)
        #expect(value["n"] == .array([.number(-150), .number(0), .number(12), .bool(true), .object([:]), .array([])]))
        #expect(value["deep"]?["a"]?["b"]?.array?.first?["c"]?.string == "d")
    }

    @Test(arguments: [
        ("", "the text ends where a value should be"),
        ("{\"a\": 1", "the text ends inside an object"),
        ("{\"a\" 1}", "expected ':'"),
        ("{a: 1}", "expected a name"),
        ("[1 2]", "expected ',' or ']'"),
        ("\"abc", "the text ends inside a string"),
        ("\"a\tb\"", "a control character inside a string"),
        ("\"\\x\"", "an unknown escape"),
        ("\"\\u12\"", "\\u needs four hex digits"),
        ("\"\\ud83d\"", "a high surrogate without its low half"),
        ("\"\\ude00\"", "a lone surrogate"),
        ("01", "not a JSON value"),
        ("+1", "not a JSON value"),
        ("1.", "not a JSON value"),
        (".5", "not a JSON value"),
        ("nul", "not a JSON value"),
        ("true false", "text after the value"),
        (String(repeating: "[", count: 100), "nested deeper than 64"),
    ])
    func whatIsNotJSONIsRefusedSayingWhatAndWhere(_ text: String, _ expected: String) {
        do {
            let value = try Self.parse(text)
            Issue.record("'\(text)' was read as \(value)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
            #expect(error.description.contains(" at byte "))
        }
    }

    @Test func quotedTextReadsBackAsItWas() throws {
        let texts = ["plain", "a \"quoted\" \\ path/", "line\nfeed\r\ttab", "\u{1}\u{1f}\u{7f} bell\u{7}", "é 😀 ü"]
        for text in texts {
            let quoted = JSONObjectText.quoted(text)
            #expect(try Self.parse(quoted).string == text)
            #expect(
                try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String == text
            )
            #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    @Test func theGateBodyIsWhatCurfewdReads() throws {
        let remote = GateBody(user: "al\"ice", remoteHost: "10.0.0.5", service: "sshd")
        #expect(
            String(decoding: remote.json, as: UTF8.self)
                == #"{"remote_host":"10.0.0.5","service":"sshd","user":"al\"ice"}"#
        )
        let local = GateBody(user: "alice", remoteHost: nil, service: "login")
        #expect(String(decoding: local.json, as: UTF8.self) == #"{"service":"login","user":"alice"}"#)
    }

    @Test func theGateAnswerNeedsItsVerdict() throws {
        let refused = try GateReply(json: Array(#"{"allowed":false,"message":"no","rule":"hold"}"#.utf8))
        #expect(refused == GateReply(allowed: false, message: "no", rule: "hold"))
        #expect(try GateReply(json: Array(#"{"allowed":true}"#.utf8)).allowed)
        #expect(throws: JSONError("no boolean 'allowed' in the gate's answer")) {
            try GateReply(json: Array(#"{"allowed":"yes"}"#.utf8))
        }
        #expect(
            try ToldReply(json: Array(#"{"user":"a","messages":["x","y"],"sessions":[]}"#.utf8)).messages == ["x", "y"]
        )
        #expect(throws: JSONError.self) { try ToldReply(json: Array(#"{"user":"a","messages":["x",1]}"#.utf8)) }
    }
}
