import Synchronization

/// The settings in force, shared by the scheduler and the API, and replaced as a whole when curfewd reloads
/// (SIGHUP). Readers always see one complete configuration, the old or the new.
public final class LiveConfiguration: Sendable {
    private let value: Mutex<Configuration>

    public init(_ config: Configuration) {
        value = Mutex(config)
    }

    public var current: Configuration { value.withLock { $0 } }

    /// Puts `new` in force, except what cannot change while curfewd runs (where the queue and the socket are, the event retention and the webhooks, whose services start with curfewd):
    /// those keep their values, and their names are returned so the admin hears that they wait for a restart.
    @discardableResult
    public func reload(_ new: Configuration) -> [String] {
        value.withLock { config in
            var applied = new
            var waiting: [String] = []
            func keep<Value: Equatable>(_ key: String, _ path: WritableKeyPath<Configuration, Value>) {
                guard applied[keyPath: path] != config[keyPath: path] else { return }
                applied[keyPath: path] = config[keyPath: path]
                waiting.append(key)
            }
            keep("state_directory", \.stateDirectory)
            keep("socket", \.socketPath)
            keep("socket_group", \.socketGroup)
            keep("socket_mode", \.socketMode)
            keep("events", \.eventRetention)
            keep("fleet", \.fleet)
            keep("webhooks", \.webhooks)
            keep("disk_reserve", \.diskReserve)
            config = applied
            return waiting
        }
    }
}
