import CurfewCore
import Hummingbird
import NIOCore

/// Per-request state: the connection it came on and, once the access middleware has asked the kernel, who sent it.
public struct CurfewRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// The caller as SO_PEERCRED reports it; set by `AccessMiddleware` before any route runs.
    var caller = Caller(uid: UInt32.max, name: "unknown", pid: 0)
    var isAdmin = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Request bodies are small JSON documents.
    public var maxUploadSize: Int { 64 * 1024 }
}
