import CurfewQuick

// The quick path; every command line it does not answer itself runs curfewctl-full.
QuickCurfewctl.main()
