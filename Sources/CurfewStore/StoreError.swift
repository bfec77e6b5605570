import CurfewCore

/// Why the store refused or failed.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        /// The database file cannot be opened or read; it was left as it is.
        case unreadable
        /// The database was written by a newer curfew.
        case newerSchema
        /// No termination with this id.
        case notFound
        /// The termination is not in a state that allows this.
        case conflict(TerminationState)
        /// An idempotency key reused for a different request.
        case idempotencyMismatch
        /// The state directory's file system is full: the write was refused, nothing changed.
        case diskFull
    }

    public var code: Code
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
