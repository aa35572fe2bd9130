/// Everything `stampede calibrate` was asked to do, checked before any work starts.
public struct CalibrationOptions: Sendable, Hashable {
    public var cache: CacheTarget = .managed
    public var store: StoreTarget = .sqlite(path: nil)
    /// Where the calibration file goes.
    public var out: String = CalibrationOptions.defaultOut
    /// How long each step (one call at one concurrency) is measured, after a short warm-up.
    public var secondsPerStep: Double = 2
    /// The highest concurrency the sweep may reach.
    public var maxConcurrency: Int = 64
    /// Throughput must grow by more than this from one level to the next for the sweep to go on.
    public var growth: Double = 0.10
    /// PBKDF2 iterations the password hash is measured at (the model's default, OWASP's figure).
    public var hashIterations: Int = 600_000
    /// Measure PBKDF2 and token costs.
    public var measureCPU = true
    /// The command line, for the file's `meta`.
    public var command: String = "stampede calibrate"

    public static let defaultOut = "reports/calibration/calibration.yaml"
    /// More callers than this would measure the client's own scheduling rather than a backend.
    public static let concurrencyLimit = 1_024

    public init() {}

    /// Checks every value; the error says which argument and what is allowed.
    public func validated() throws(CalibrationError) -> CalibrationOptions {
        guard secondsPerStep.isFinite, secondsPerStep >= 0.01, secondsPerStep <= 3_600 else {
            throw CalibrationError(.badArgument, "--seconds \(secondsPerStep): each step lasts from 0.01 to 3600 seconds")
        }
        guard (1...Self.concurrencyLimit).contains(maxConcurrency) else {
            throw CalibrationError(.badArgument, "--max-concurrency \(maxConcurrency): from 1 to \(Self.concurrencyLimit) callers")
        }
        guard growth.isFinite, growth >= 0, growth < 1 else {
            throw CalibrationError(.badArgument, "--growth: a percentage from 0% to 99%, e.g. 10%")
        }
        guard (1...100_000_000).contains(hashIterations) else {
            throw CalibrationError(.badArgument, "--hash-iterations \(hashIterations): from 1 to 100,000,000")
        }
        guard !out.isEmpty, !out.hasSuffix("/") else {
            throw CalibrationError(.badArgument, "--out '\(out)': a file name, e.g. \(Self.defaultOut)")
        }
        if case .none = cache, case .none = store, !measureCPU {
            throw CalibrationError(.badArgument, "nothing to measure: --cache none and --store none without the CPU costs")
        }
        return self
    }
}
