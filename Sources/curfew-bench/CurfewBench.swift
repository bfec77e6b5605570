import ArgumentParser

@main
struct CurfewBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curfew-bench",
        abstract: "Measures curfew's scheduler against its targets; prints figures, judges nothing.",
        subcommands: [
            SchedulerBenchmark.self, PolicyBenchmark.self, APIBenchmark.self, StartupProbe.self, EnqueueCommand.self,
            FiredCommand.self, ReserveBenchmark.self, GateBenchmark.self, FleetBenchmark.self,
        ]
    )
}
