import Crypto
import Foundation

/// The `Curfew-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>`.
/// The timestamp is signed with the body, so a receiver can refuse old replays; README.md shows how to verify.
public enum WebhookSignature {
    public static func header(body: Data, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(hex(body: body, secret: secret, timestamp: timestamp))"
    }

    static func hex(body: Data, secret: String, timestamp: Int) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// What a receiver does: true when the header carries a valid signature of `body`, made at most `tolerance`
    /// seconds from `now`.
    public static func isValid(
        header: String,
        body: Data,
        secret: String,
        now: Date = Date(),
        tolerance: TimeInterval = 300
    ) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else {
            return false
        }
        let expected = Array(hex(body: body, secret: secret, timestamp: timestamp).utf8)
        // Constant time over the expected length: a mismatch does not tell where it starts.
        return signatures.contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
