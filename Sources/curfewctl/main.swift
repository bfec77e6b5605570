import CurfewCLI

Curfewctl.main()
