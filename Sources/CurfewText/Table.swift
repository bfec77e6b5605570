/// Rows of text in aligned columns under upper-case titles.
///
/// Every cell goes through `TerminalText.sanitize`: cells hold what other users typed (reasons, names, notes), and
/// an escape sequence in them must not reach the admin's terminal.
public struct Table {
    public struct Column: ExpressibleByStringLiteral {
        public enum Alignment {
            case left
            case right
        }

        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }

        public init(stringLiteral title: String) {
            self.init(title)
        }
    }

    public static let gap = "  "

    public var columns: [Column]
    /// Whether the titles are printed as the first line; a key-value list has none.
    public var showsTitles: Bool
    public private(set) var rows: [[String]] = []

    public init(_ columns: [Column], showsTitles: Bool = true) {
        self.columns = columns
        self.showsTitles = showsTitles
    }

    /// Adds a row; missing cells are empty, extra cells are dropped.
    public mutating func append(_ cells: [String]) {
        let safe = cells.prefix(columns.count).map { TerminalText.sanitize($0) }
        rows.append(safe + Array(repeating: "", count: columns.count - safe.count))
    }

    /// The lines, without a final newline; no line ends in spaces.
    public func render() -> String {
        let lines = showsTitles ? [columns.map(\.title)] + rows : rows
        let widths = columns.indices.map { index in lines.map { $0[index].count }.max() ?? 0 }
        return lines.map { cells in
            let padded = columns.indices.map { index in
                let cell = cells[index]
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                switch columns[index].alignment {
                case .left: return cell + padding
                case .right: return padding + cell
                }
            }
            return String(padded.joined(separator: Self.gap).trimmingSuffix { $0 == " " })
        }
        .joined(separator: "\n")
    }
}

extension StringProtocol {
    /// The text without the trailing characters that match.
    fileprivate func trimmingSuffix(while matches: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, matches(self[index(before: end)]) {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
