import ArgumentParser
import CurfewClient
import Foundation

/// Options every command that talks to curfewd shares: where the daemon is and how to show its replies.
struct DaemonOptions: ParsableArguments {
    static let systemSocket = SocketPath.system
    static let localSocket = SocketPath.local

    @Option(
        help: ArgumentHelp(
            "curfewd's Unix socket (default: $CURFEW_SOCKET, else \(systemSocket) if it exists, else \(localSocket)).",
            valueName: "path"
        ),
        completion: .file()
    )
    var socket: String?

    @Flag(help: "Print the daemon's JSON reply as it came, for scripts.")
    var json = false

    /// The socket to use: the option, the environment, then the system path if curfewd made it, else the local one.
    var socketPath: String {
        SocketPath.resolve(socket, environment: Console.current.environment)
    }

    /// Runs `body` with a client of the daemon, closed afterwards whatever happens.
    func withDaemon<Result>(_ body: (DaemonClient) async throws -> Result) async throws -> Result {
        try await DaemonClient.with(socketPath: socketPath, body)
    }

    /// Prints a reply: its JSON as it came with --json, otherwise what `render` makes of it. Returns it read.
    @discardableResult
    func show<Reply: Decodable>(
        _ reply: DaemonReply,
        as type: Reply.Type,
        _ render: (Rendering, Reply) -> String
    ) throws -> Reply {
        let console = Console.current
        if json {
            console.print(reply.text)
            return try reply.decode(type)
        }
        let decoded = try reply.decode(type)
        console.print(render(console.rendering, decoded))
        return decoded
    }
}
