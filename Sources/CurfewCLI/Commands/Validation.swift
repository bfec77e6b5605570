import ArgumentParser
import CurfewCore

/// Runs a CurfewCore parser on command-line input; its refusal becomes a usage error (exit 2) with the same words.
func validating<Value>(_ parse: () throws(InputError) -> Value) throws(ValidationError) -> Value {
    do {
        return try parse()
    } catch {
        throw ValidationError(error.message)
    }
}

/// A termination id as typed: a positive integer.
func terminationID(_ text: String) throws(ValidationError) -> TerminationID {
    try validating { () throws(InputError) in try TerminationID(parsing: text) }
}
