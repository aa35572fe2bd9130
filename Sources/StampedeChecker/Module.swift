// StampedeChecker: see ../../README.md for the part this module plays.
