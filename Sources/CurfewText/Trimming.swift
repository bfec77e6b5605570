extension StringProtocol {
    /// The text without the blanks (spaces, tabs, line ends) at its start and end.
    public func trimmingBlanks() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
