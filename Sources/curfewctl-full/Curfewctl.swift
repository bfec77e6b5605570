import CurfewCLI

// The whole command line lives in CurfewCLI, where tests run it in process; this is only the entry point.
@main
extension Curfewctl {}
