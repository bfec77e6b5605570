/// Input a person or program got wrong; the message says what was wrong and what is accepted.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
