import Foundation
import Logging

/// swift-log to the systemd journal: one structured entry per message, with PRIORITY, the logger's label, the code
/// location, and each metadata key as a field of its own: `message_id` becomes MESSAGE_ID and any other key
/// CURFEW_<KEY> (`termination_id`, `session`, `user`: CURFEW_TERMINATION_ID, CURFEW_SESSION, CURFEW_USER), so
/// `journalctl CURFEW_USER=alice` finds what concerns alice.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let journal = Journal()

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = Self.fields(
            event.level,
            event.message.description,
            metadata: metadata.merging(event.metadata ?? [:]) { $1 },
            label: label,
            file: event.file,
            function: event.function,
            line: event.line
        )
        do {
            try journal.send(fields)
        } catch {
            // The journal refused the entry: stderr still reaches it, as a plain line.
            FileHandle.standardError.write(Data("\(label): \(event.message) (journal: \(error))\n".utf8))
        }
    }

    static func fields(
        _ level: Logger.Level,
        _ message: String,
        metadata: Logger.Metadata,
        label: String,
        file: String,
        function: String,
        line: UInt
    ) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", message),
            ("PRIORITY", String(priority(level))),
            ("SYSLOG_IDENTIFIER", "curfewd"),
            ("CURFEW_LOGGER", label),
            ("CODE_FILE", file),
            ("CODE_LINE", String(line)),
            ("CODE_FUNC", function),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard let name = fieldName(key) else { continue }
            fields.append((name, value.description))
        }
        return fields
    }

    /// syslog priorities, as journalctl -p knows them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// A journal field name for a metadata key: upper-case letters, digits and underscores, not starting with one.
    static func fieldName(_ key: String) -> String? {
        if key == "message_id" { return "MESSAGE_ID" }
        let name = String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return name.isEmpty ? nil : "CURFEW_" + name
    }

    /// Whether stderr is connected to the journal: systemd sets JOURNAL_STREAM to its device and inode.
    public static func stderrIsJournal(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        var status = stat()
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
            fstat(STDERR_FILENO, &status) == 0
        else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
