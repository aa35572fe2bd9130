import Testing
@testable import StampedeKernel
@Test func formatsDurations() { #expect(formatDuration(.milliseconds(250)) == "250ms"); #expect(formatDuration(.minutes(10)) == "10m") }
