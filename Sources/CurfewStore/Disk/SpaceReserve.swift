/// Room on the state directory's file system held back for firing, so that a full disk never stops a due termination
/// from being recorded and carried out.
public protocol SpaceReserve: Sendable {
    /// How many bytes the reserve holds when whole.
    var capacity: Int64 { get }
    /// How many bytes it holds now.
    var held: Int64 { get }
    /// Gives one part of the reserve back to the file system, for a firing write that found the disk full; false
    /// when nothing is left to give.
    func release() -> Bool
    /// Takes the reserve back whole if the file system has room for it and a margin besides; true when it is whole.
    func refill() -> Bool
}
