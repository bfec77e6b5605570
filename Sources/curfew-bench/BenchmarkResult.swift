import Foundation

/// What `curfew-bench scheduler` prints.
struct Result: Encodable {
    struct Percentiles: Encodable {
        var p50: Double
        var p99: Double
        var max: Double

        init(_ sorted: [Double]) {
            func at(_ q: Double) -> Double {
                sorted.isEmpty
                    ? 0
                    : (sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] * 100).rounded()
                        / 100
            }
            p50 = at(0.5)
            p99 = at(0.99)
            max = at(1)
        }
    }

    struct Rates: Encodable {
        var single: Double
        var batched: Double
    }

    var pending: Int
    var latenessMs: Percentiles
    var burstLatenessMs: Percentiles
    var spreadLatenessMs: Percentiles
    var spreadSeconds: Double
    var enqueuePerS: Rates
    var startupMs: Double
    var rssMb: Double
    var idleWakeupsPerMin: Double
    var idleAlarmsPerMin: Double

    var json: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    var table: String {
        func ms(_ p: Percentiles) -> String { "p50 \(p.p50) ms, p99 \(p.p99) ms, max \(p.max) ms" }
        let rows: [(String, String)] = [
            ("pending", "\(pending)"),
            ("fire lateness (all)", ms(latenessMs)),
            ("  burst at one instant", ms(burstLatenessMs)),
            ("  spread over " + String(format: "%g s", spreadSeconds), ms(spreadLatenessMs)),
            ("enqueue, single durable", "\(Int(enqueuePerS.single)) /s"),
            ("enqueue, batched", "\(Int(enqueuePerS.batched)) /s"),
            ("start-up (open, reload, armed)", String(format: "%.0f ms", startupMs)),
            ("resident memory after start-up", String(format: "%.1f MB", rssMb)),
            ("idle wake-ups (all threads)", String(format: "%.1f /min", idleWakeupsPerMin)),
            ("idle scheduler alarms", String(format: "%.1f /min", idleAlarmsPerMin)),
        ]
        let width = rows.map(\.0.count).max()!
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(
            separator: "\n"
        )
    }
}
