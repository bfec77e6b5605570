import CSystemd
import Glibc

/// An sd-bus message, owned here and unref'd in `deinit`: a request being built or a reply being read.
/// Not thread-safe, like everything of sd-bus: only the connection's owner touches it.
final class BusMessage {
    let pointer: OpaquePointer

    /// Takes over the reference `pointer` holds.
    init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        sd_bus_message_unref(pointer)
    }

    func append(_ string: String) throws(SystemCallError) {
        try sd("sd_bus_message_append_basic") {
            string.withCString { sd_bus_message_append_basic(pointer, Self.code("s"), $0) }
        }
    }

    func readString() throws(SystemCallError) -> String {
        try readString(type: "s")
    }

    func readObjectPath() throws(SystemCallError) -> String {
        try readString(type: "o")
    }

    func readUInt32() throws(SystemCallError) -> UInt32 {
        try readBasic("u", as: UInt32(0))
    }

    /// Reads an array whose elements have the signature `element`, one element at a time.
    func readArray<Element>(
        of element: String,
        _ read: (BusMessage) throws(SystemCallError) -> Element
    ) throws(SystemCallError) -> [Element] {
        try enter("a", element)
        var elements: [Element] = []
        while try !atEnd() {
            elements.append(try read(self))
        }
        try exit()
        return elements
    }

    /// Reads a struct (`r`) or dictionary entry (`e`) whose fields have the signature `fields`.
    func readContainer<Value>(
        _ type: Unicode.Scalar,
        _ fields: String,
        _ read: (BusMessage) throws(SystemCallError) -> Value
    ) throws(SystemCallError) -> Value {
        try enter(type, fields)
        let value = try read(self)
        try exit()
        return value
    }

    /// Reads an `a{sv}` property list; values of types curfew does not read come back as `.unsupported`.
    func readProperties() throws(SystemCallError) -> [String: BusValue] {
        let entries = try readArray(of: "{sv}") { message throws(SystemCallError) in
            try message.readContainer("e", "sv") { entry throws(SystemCallError) in
                (try entry.readString(), try entry.readValue())
            }
        }
        return Dictionary(entries, uniquingKeysWith: { _, last in last })
    }

    /// Reads the next complete value, whatever its type; a variant gives the value inside it.
    func readValue() throws(SystemCallError) -> BusValue {
        var code: CChar = 0
        var contents: UnsafePointer<CChar>?
        let present = try sd("sd_bus_message_peek_type") { sd_bus_message_peek_type(pointer, &code, &contents) }
        // A reply shorter than its signature promised.
        guard present > 0 else { throw SystemCallError("sd_bus_message_peek_type", errno: EBADMSG) }
        let type = Unicode.Scalar(UInt8(bitPattern: code))
        switch type {
        case "s", "o", "g": return .string(try readString(type: type))
        case "b": return .bool(try readBasic(type, as: Int32(0)) != 0)
        case "y": return .unsigned(UInt64(try readBasic(type, as: UInt8(0))))
        case "q": return .unsigned(UInt64(try readBasic(type, as: UInt16(0))))
        case "u": return .unsigned(UInt64(try readBasic(type, as: UInt32(0))))
        case "t": return .unsigned(try readBasic(type, as: UInt64(0)))
        case "n": return .signed(Int64(try readBasic(type, as: Int16(0))))
        case "i": return .signed(Int64(try readBasic(type, as: Int32(0))))
        case "x": return .signed(try readBasic(type, as: Int64(0)))
        case "d": return .double(try readBasic(type, as: Double(0)))
        case "v", "r", "e", "a": return try readContainerValue(type, contents)
        default:
            try sd("sd_bus_message_skip") { sd_bus_message_skip(pointer, nil) }
            return .unsupported(Character(type))
        }
    }

    /// Reads a container of any signature, field by field; `contents` is its signature as `peek_type` gave it.
    private func readContainerValue(
        _ type: Unicode.Scalar,
        _ contents: UnsafePointer<CChar>?
    ) throws(SystemCallError) -> BusValue {
        try sd("sd_bus_message_enter_container") {
            sd_bus_message_enter_container(pointer, Self.code(type), contents)
        }
        var values: [BusValue] = []
        while try !atEnd() {
            values.append(try readValue())
        }
        try exit()
        switch type {
        case "v": return values.first ?? .unsupported("v")
        case "a": return .array(values)
        default: return .structure(values)
        }
    }

    private func readString(type: Unicode.Scalar) throws(SystemCallError) -> String {
        var value: UnsafePointer<CChar>?
        try readBasic { sd_bus_message_read_basic(pointer, Self.code(type), &value) }
        // sd-bus never hands out NULL for a string it read; "" is the safe reading if it ever did.
        return value.map { String(cString: $0) } ?? ""
    }

    private func readBasic<Value: BitwiseCopyable>(
        _ type: Unicode.Scalar,
        as initial: Value
    ) throws(SystemCallError) -> Value {
        var value = initial
        try readBasic { sd_bus_message_read_basic(pointer, Self.code(type), &value) }
        return value
    }

    /// Runs one `sd_bus_message_read_basic`; 0 (nothing left to read) is as wrong here as a negative return.
    private func readBasic(_ body: () -> Int32) throws(SystemCallError) {
        let found = try sd("sd_bus_message_read_basic", body)
        guard found > 0 else { throw SystemCallError("sd_bus_message_read_basic", errno: EBADMSG) }
    }

    private func enter(_ type: Unicode.Scalar, _ contents: String) throws(SystemCallError) {
        let entered = try sd("sd_bus_message_enter_container") {
            sd_bus_message_enter_container(pointer, Self.code(type), contents)
        }
        // 0: the message has no such container here.
        guard entered > 0 else { throw SystemCallError("sd_bus_message_enter_container", errno: EBADMSG) }
    }

    private func exit() throws(SystemCallError) {
        try sd("sd_bus_message_exit_container") { sd_bus_message_exit_container(pointer) }
    }

    private func atEnd() throws(SystemCallError) -> Bool {
        try sd("sd_bus_message_at_end") { sd_bus_message_at_end(pointer, 0) } > 0
    }

    /// A D-Bus type character as sd-bus takes it.
    private static func code(_ type: Unicode.Scalar) -> CChar {
        CChar(bitPattern: UInt8(truncatingIfNeeded: type.value))
    }
}
