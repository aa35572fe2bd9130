// StampedeStore: see ../../README.md for the part this module plays.
