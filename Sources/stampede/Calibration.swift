import StampedeCalibration

/// Measures on this machine what the model charges for: real PBKDF2 and token signing.
///
/// The figures are for `password_hash.cost` and `service.token_cost` in a scenario; they are
/// never read automatically, because a run must not depend on the machine it runs on.
/// `stampede calibrate` writes them into a calibration file, from which a scenario can take
/// them explicitly (`cost: empirical(file: calibration.yaml, call: cpu.password_hash)`).
enum Calibration {
    static func run() {
        let outcome = CPUCalibration.measure(iterations: 600_000, seconds: 0.5, shouldStop: { false })
        for line in CPUCalibration.summary(outcome.figures) { print(line) }
    }
}
