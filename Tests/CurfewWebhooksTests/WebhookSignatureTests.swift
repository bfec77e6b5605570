import Crypto
import CurfewWebhooks
import Foundation
import Testing

/// The signature scheme receivers rely on, as README.md describes it.
@Suite struct WebhookSignatureTests {
    let body = Data(#"{"id":7,"type":"termination.scheduled"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func theHeaderIsTheHMACOfTheTimestampADotAndTheBody() {
        let header = WebhookSignature.header(body: body, secret: "k", timestamp: 1_790_000_000)
        let signed = Data("1790000000.".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data("k".utf8)))
        #expect(header == "t=1790000000,v1=" + mac.map { String(format: "%02x", $0) }.joined())
    }

    @Test func aReceiverAcceptsTheRealThingOnly() {
        let header = WebhookSignature.header(body: body, secret: "k", timestamp: 1_790_000_000)
        #expect(WebhookSignature.isValid(header: header, body: body, secret: "k", now: now))
        #expect(!WebhookSignature.isValid(header: header, body: body + Data(" ".utf8), secret: "k", now: now))
        #expect(!WebhookSignature.isValid(header: header, body: body, secret: "other", now: now))
        // A replay ten minutes later is refused.
        #expect(!WebhookSignature.isValid(header: header, body: body, secret: "k", now: now + 600))
        #expect(!WebhookSignature.isValid(header: "v1=00", body: body, secret: "k", now: now))
    }
}
