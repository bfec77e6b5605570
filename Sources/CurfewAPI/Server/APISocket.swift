/// Where the API listens.
public enum APISocket: Sendable, Equatable {
    /// A listening socket systemd passed in (socket activation by curfewd.socket): its unit owns the path, mode
    /// and group.
    case inherited(descriptor: Int32)
    /// A path curfewd binds itself (replacing a stale socket) and gives the configured mode and group.
    case path(String)
}
