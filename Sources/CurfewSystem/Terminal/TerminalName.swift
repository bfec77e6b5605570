/// A session's terminal as logind names it, without `/dev/`: `pts/3`, `tty2`, `ttyS0`.
///
/// Checked strictly, since it becomes a path that root writes to: only `pts/` + digits or `tty` + letters + digits
/// (`^(pts/[0-9]+|tty[A-Za-z]*[0-9]+)$`), so no `..`, no other folder, nothing that is not a terminal's name.
struct TerminalName: Equatable, Sendable, CustomStringConvertible {
    let name: String

    /// Longer than any real terminal name; keeps the number parsing and the path short.
    private static let maximumLength = 32

    init?(_ name: String) {
        let bytes = Array(name.utf8)
        guard bytes.count <= Self.maximumLength else { return nil }
        let number: ArraySlice<UInt8>
        if bytes.starts(with: "pts/".utf8) {
            number = bytes.dropFirst(4)
        } else if bytes.starts(with: "tty".utf8) {
            number = bytes.dropFirst(3).drop(while: Self.isASCIILetter)
        } else {
            return nil
        }
        guard !number.isEmpty, number.allSatisfy(Self.isASCIIDigit) else { return nil }
        self.name = name
    }

    /// Where the terminal's device is.
    var path: String { "/dev/" + name }

    var description: String { name }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
