import StampedeTestSupport

/// The calibration tests' own thread (see `WallClockThread`): a calibration waiting for the
/// cooperative pool's threads, busy with the other suites' simulations, would see its Redis
/// calls pass their deadlines while nothing of its own was slow.
let calibrationThread = WallClockThread(name: "stampede-calibration-tests")

/// Runs `body` and every task it starts on the calibration thread.
func onCalibrationThread<T>(_ body: () async throws -> T) async throws -> T {
    try await calibrationThread.run(body)
}
