import AsyncHTTPClient
import Foundation
import NIOCore

/// A Server-Sent Events client for tests: opens `GET /v1/events` on a live server and collects frames until told.
struct StreamedEvent: Sendable, Equatable {
    var id: Int64?
    var type: String?
    var data: String
}

enum EventStreamReader {
    /// Reads frames until `enough` says so (then disconnects), or fails after `limit` without enough.
    static func read(
        port: Int,
        query: String = "",
        lastEventID: Int64? = nil,
        limit: Duration = .seconds(20),
        until enough: @Sendable @escaping ([StreamedEvent]) -> Bool
    ) async throws -> (frames: [StreamedEvent], contentType: String?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/events\(query)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let contentType = response.headers["Content-Type"].first
        return try await withThrowingTaskGroup(of: [StreamedEvent]?.self) { group in
            group.addTask {
                var frames: [StreamedEvent] = []
                var text = ""
                for try await piece in response.body {
                    text += String(buffer: piece)
                    while let end = text.range(of: "\n\n") {
                        let block = text[..<end.lowerBound]
                        text.removeSubrange(..<end.upperBound)
                        var frame = StreamedEvent(data: "")
                        var isComment = true
                        for line in block.split(separator: "\n") {
                            if line.hasPrefix("id: ") { frame.id = Int64(line.dropFirst(4)) }
                            if line.hasPrefix("event: ") { frame.type = String(line.dropFirst(7)) }
                            if line.hasPrefix("data: ") { frame.data = String(line.dropFirst(6)) }
                            if !line.hasPrefix(":") && !line.hasPrefix("retry:") { isComment = false }
                        }
                        if !isComment { frames.append(frame) }
                        if enough(frames) { return frames }
                    }
                }
                return frames
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return (first ?? [], contentType)
        }
    }
}
