/// Who asked for something, as the kernel reported it (SO_PEERCRED) or as the daemon itself.
public struct Caller: Sendable, Equatable, Codable {
    public var uid: UInt32
    public var name: String
    public var pid: Int32

    public init(uid: UInt32, name: String, pid: Int32) {
        self.uid = uid
        self.name = name
        self.pid = pid
    }

    /// The daemon acting on its own (recovery, firing).
    public static let daemon = Caller(uid: 0, name: "curfewd", pid: 0)

    /// What a policy's actor name starts with: "policy office-idle".
    public static let policyPrefix = "policy "

    /// The policy that acted, when this caller is one.
    public var policyName: String? {
        name.hasPrefix(Self.policyPrefix) ? String(name.dropFirst(Self.policyPrefix.count)) : nil
    }
}
