/// One value read from a D-Bus message whose type is only known at run time, as a property's variant.
enum BusValue: Equatable, Sendable {
    /// `s`, `o` and `g`.
    case string(String)
    case bool(Bool)
    /// `n`, `i` and `x`.
    case signed(Int64)
    /// `y`, `q`, `u` and `t`.
    case unsigned(UInt64)
    case double(Double)
    /// A struct `(...)` or a dictionary entry `{..}`, field by field.
    case structure([BusValue])
    case array([BusValue])
    /// A type curfew has no use for (a file descriptor), skipped; its type character.
    case unsupported(Character)

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var unsigned: UInt64? {
        if case .unsigned(let value) = self { return value }
        return nil
    }
}
