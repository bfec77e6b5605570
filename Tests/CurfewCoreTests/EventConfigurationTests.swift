import CurfewCore
import Foundation
import Testing

/// The `events` and `webhooks` keys: read when right, refused with the key, the problem and what is accepted when not,
/// and a secret never repeated.
@Suite struct EventConfigurationTests {
    func parse(_ text: String) throws(InputError) -> Configuration {
        try ConfigurationFile.parse(text, source: "curfew.yaml", environment: [:])
    }

    func secretFile(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-secret-\(UUID().uuidString)")
        try Data(text.utf8).write(to: path)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path.path)
        return path.path
    }

    @Test func retentionAndWebhooksAreRead() throws {
        let file = try secretFile("from-a-file\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let config = try parse(
            """
            events: { retention: 7d }
            webhooks:
              - url: https://chat.example.com/hooks/curfew
                secret_file: \(file)
                events: [termination.scheduled, session.terminated]
                max_age: 6h
              - url: http://127.0.0.1:8080/hook
                secret: inline
            """
        )
        #expect(config.eventRetention == 7 * 86_400)
        #expect(
            config.webhooks == [
                WebhookEndpoint(
                    url: "https://chat.example.com/hooks/curfew",
                    secret: "from-a-file",
                    events: [.terminationScheduled, .sessionTerminated],
                    maxAge: 6 * 3600
                ),
                WebhookEndpoint(url: "http://127.0.0.1:8080/hook", secret: "inline"),
            ]
        )
        #expect(!config.webhooks.map(\.description).joined().contains("inline"))
        #expect(Configuration(environment: [:]).eventRetention == 30 * 86_400)
    }

    @Test(arguments: [
        (
            "events: { retention: forever }",
            "key 'events.retention': value 'forever' is not accepted; expected a duration"
        ),
        ("events: { keep: 1d }", "unknown key 'events.keep'; known keys: events.retention"),
        ("events: 30d", "key 'events': value '30d' is not accepted; expected a mapping such as { retention: 30d }"),
        (
            "webhooks: [{url: ftp://x.example, secret: s}]",
            "key 'webhooks[0].url': value 'ftp://x.example' is not accepted; expected an http or https URL"
        ),
        ("webhooks: [{url: 'https://u:p@x.example', secret: s}]", "without user or password"),
        ("webhooks: [{secret: s}]", "key 'webhooks[0]': 'url' is required"),
        ("webhooks: [{url: https://x.example}]", "give exactly one of 'secret' and 'secret_file'"),
        ("webhooks: [{url: https://x.example, secret: ''}]", "key 'webhooks[0].secret': the secret is not accepted"),
        (
            "webhooks: [{url: https://x.example, secret: s, events: [session.exploded]}]",
            "'session.exploded' is not an event type: expected one of termination.scheduled"
        ),
        ("webhooks: [{url: https://x.example, secret: s, max_age: 0s}]", "key 'webhooks[0].max_age'"),
        ("webhooks: [{url: https://x.example, secret: s, colour: red}]", "unknown key 'webhooks[0].colour'"),
        ("webhooks: [{url: https://x.example, secret: s}, {url: https://x.example, secret: t}]", "is listed twice"),
        ("webhooks: [{url: https://x.example, secret_file: /nonexistent/secret}]", "cannot read /nonexistent/secret"),
    ])
    func mistakesAreRefusedSayingWhatIsAccepted(text: String, expected: String) throws {
        let error = #expect(throws: InputError.self) { try parse(text) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test func aSecretFileOthersCanReadIsRefusedAndTheSecretIsNeverQuoted() throws {
        let file = try secretFile("hunter2", mode: 0o644)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let error = #expect(throws: InputError.self) {
            try parse("webhooks: [{url: https://x.example, secret_file: \(file)}]")
        }
        #expect(error?.message.contains("can be read by any user (mode 0644); chmod 0600 it") == true)
        let long = String(repeating: "hunter2", count: 200)
        let inline = #expect(throws: InputError.self) {
            try parse("webhooks: [{url: https://x.example, secret: \(long)}]")
        }
        #expect(inline?.message.contains("hunter2") == false)
    }
}
