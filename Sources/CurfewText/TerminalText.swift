/// Makes text safe to write to someone else's terminal.
public enum TerminalText {
    public static let lineLimit = 400

    /// Drops control characters and escape sequences (CSI, OSC, DCS, ...), keeping printable text only, and bounds
    /// the length.
    public static func sanitize(_ text: String, maxLength: Int = lineLimit) -> String {
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var count = 0
        while let scalar = scalars.next(), count < maxLength {
            switch scalar.value {
            case 0x1B:
                skipEscape(&scalars)
            case 0x9B:  // 8-bit CSI
                skipUntilFinal(&scalars)
            case 0x90, 0x9D, 0x9E, 0x9F, 0x98:  // 8-bit DCS, OSC, PM, APC, SOS
                skipString(&scalars)
            case 0x09:
                output.append(" ")
                count += 1
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                continue
            case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069:  // bidi and zero-width: hide or reorder text
                continue
            default:
                output.append(scalar)
                count += 1
            }
        }
        return String(output)
    }

    private static func skipEscape(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next() else { return }
        switch next {
        case "[": skipUntilFinal(&scalars)
        case "]", "P", "X", "^", "_": skipString(&scalars)
        case " "..."/":  // intermediate bytes, then one final byte
            while let more = scalars.next(), (0x20...0x2F).contains(more.value) {}
        default: return  // two-character sequence such as ESC c
        }
    }

    /// CSI: parameters and intermediates up to a final byte 0x40-0x7E.
    private static func skipUntilFinal(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let next = scalars.next() {
            if (0x40...0x7E).contains(next.value) { return }
        }
    }

    /// OSC/DCS/PM/APC: up to BEL or ST (ESC \ or 0x9C).
    private static func skipString(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let next = scalars.next() {
            switch next.value {
            case 0x07, 0x9C: return
            case 0x1B:
                _ = scalars.next()
                return
            default: continue
            }
        }
    }
}
