import CurfewCore
import CurfewSystem
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP (`systemctl reload curfewd`) re-reads the configuration file between RELOADING=1 and READY=1. A file
/// with any error is refused as a whole and the configuration in force stays, loudly: an error in the journal and
/// in STATUS until a reload succeeds.
struct ConfigReloader: Service {
    let settings: LiveConfiguration
    let load: @Sendable () throws(InputError) -> Configuration
    let status: StatusLine
    let notifier: ServiceNotifier
    let logger: Logger
    /// Puts what a reload changed in force where it is not read afresh each time (the policies).
    var applied: @Sendable () async -> Void = {}

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await reload()
        }
    }

    func reload() async {
        try? notifier.reloading(status: "reloading the configuration")
        do {
            let waiting = settings.reload(try load())
            await applied()
            if waiting.isEmpty {
                logger.notice("configuration reloaded")
                status.note(nil)
            } else {
                let message =
                    "configuration reloaded; \(waiting.joined(separator: ", ")) changed and will apply at the next restart"
                logger.warning("\(message)")
                status.note(message)
            }
        } catch {
            logger.error("reload refused, the previous configuration stays in force: \(error.message)")
            status.note("reload refused: \(error.message)")
        }
        try? notifier.ready(status: status.text)
    }
}
