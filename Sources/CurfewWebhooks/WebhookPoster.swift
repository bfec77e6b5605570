import AsyncHTTPClient
import CurfewCore
import CurfewStore
import Foundation
import NIOCore

/// POSTs one delivery to its endpoint, signed, and says how it went in words fit for `GET /v1/status`.
struct WebhookPoster: Sendable {
    let http: HTTPClient
    let timeout: TimeAmount

    enum Result: Equatable {
        case delivered
        case failed(String)
    }

    func post(_ delivery: WebhookDelivery, to endpoint: WebhookEndpoint, at now: Date) async -> Result {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "curfewd")
        request.headers.add(name: "Curfew-Delivery", value: delivery.id)
        request.headers.add(name: "Curfew-Event", value: delivery.eventType?.rawValue ?? "unknown")
        request.headers.add(name: "Curfew-Event-Id", value: String(delivery.eventID))
        let timestamp = Int(now.timeIntervalSince1970)
        request.headers.add(
            name: "Curfew-Signature",
            value: WebhookSignature.header(body: delivery.body, secret: endpoint.secret, timestamp: timestamp)
        )
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        do {
            return try await send(request)
        } catch ChannelError.ioOnClosedChannel {
            // The client picked a kept-alive connection the receiver had just closed, before it noticed: nothing was
            // sent, so this is no failure of the receiver's. Once more, on a new connection.
            do {
                return try await send(request)
            } catch {
                return .failed(Self.explain(error))
            }
        } catch {
            return .failed(Self.explain(error))
        }
    }

    private func send(_ request: HTTPClientRequest) async throws -> Result {
        let response = try await http.execute(request, timeout: timeout)
        // Read (and drop) what the receiver said, so the connection can be used again.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        let code = Int(response.status.code)
        switch code {
        case 200..<300: return .delivered
        case 300..<400: return .failed("HTTP \(code) (redirects are not followed)")
        default: return .failed("HTTP \(code) \(response.status.reasonPhrase)")
        }
    }

    private static func explain(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "no reply in time"
            case .connectTimeout: return "connecting timed out"
            case .remoteConnectionClosed: return "the connection closed before a reply"
            default: return "\(error)"
            }
        }
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode))
        }
        return "\(error)"
    }
}
