import StampedeKernel

/// What `stampede calibrate` measured on one machine: for each backend and each call it makes,
/// a latency percentile table and the throughput at every concurrency level of the sweep, and
/// where the backend saturated; and the machine's password-hash and token costs.
///
/// A scenario reads it through the distribution grammar's file form,
/// `empirical(file: calibration.yaml, call: store.mix)`. `yaml` writes the document and
/// `CalibrationDocument.parse` reads it back to the same values: durations are written to the
/// nanosecond, so the empirical points a scenario gets are the ones measured.
public struct CalibrationDocument: Sendable, Hashable {
    /// The first line a reader checks; bumped when the layout changes incompatibly.
    public static let format = "stampede-calibration/1"

    public var meta: Meta
    public var settings: Settings
    /// PBKDF2 and token costs on this machine; nil when calibration stopped before measuring them.
    public var cpu: CPUFigures?
    /// `cpu`, `cache`, `store`, in that order, each only when it was measured.
    public var backends: [Backend]

    public init(meta: Meta, settings: Settings, cpu: CPUFigures? = nil, backends: [Backend] = []) {
        self.meta = meta; self.settings = settings; self.cpu = cpu; self.backends = backends
    }

    /// What legitimately differs between two calibrations of the same backends: where and when.
    public struct Meta: Sendable, Hashable {
        /// ISO 8601, UTC.
        public var date: String
        public var host: String
        /// Architecture, cores, processor model and memory, in words.
        public var machine: String
        public var os: String
        /// The command line that produced the file.
        public var command: String
        /// Ctrl-C stopped the calibration; what was measured up to then is here.
        public var interrupted: Bool

        public init(date: String, host: String, machine: String, os: String, command: String, interrupted: Bool = false) {
            self.date = date; self.host = host; self.machine = machine; self.os = os; self.command = command
            self.interrupted = interrupted
        }
    }

    /// How the sweep was run.
    public struct Settings: Sendable, Hashable {
        public var secondsPerStep: Double
        public var maxConcurrency: Int
        /// Throughput must grow by more than this fraction from one level to the next (twice the
        /// concurrency) for the sweep to go on.
        public var growth: Double
        /// PBKDF2 iterations `cpu.password_hash` was measured at.
        public var hashIterations: Int

        public init(secondsPerStep: Double, maxConcurrency: Int, growth: Double, hashIterations: Int) {
            self.secondsPerStep = secondsPerStep; self.maxConcurrency = maxConcurrency; self.growth = growth
            self.hashIterations = hashIterations
        }
    }

    /// The password-hash and token figures in the form `bench --calibrate` prints them.
    public struct CPUFigures: Sendable, Hashable {
        public var hashIterations: Int
        /// The fastest hash divided by its iterations.
        public var nanosecondsPerIteration: Double
        /// Median time of one hash at `hashIterations`.
        public var hash: SimDuration
        /// Median time to sign, and to verify, one access token.
        public var tokenSign: SimDuration
        public var tokenVerify: SimDuration

        public init(hashIterations: Int, nanosecondsPerIteration: Double, hash: SimDuration, tokenSign: SimDuration,
                    tokenVerify: SimDuration) {
            self.hashIterations = hashIterations; self.nanosecondsPerIteration = nanosecondsPerIteration
            self.hash = hash; self.tokenSign = tokenSign; self.tokenVerify = tokenVerify
        }
    }

    /// One backend: what it is and every call measured against it.
    public struct Backend: Sendable, Hashable {
        /// `cpu`, `cache` or `store`: the prefix of its calls' names.
        public var role: String
        /// `redis`, `sqlite`, `postgres`, or `pbkdf2-sha256 + hmac-sha256` for the CPU.
        public var kind: String
        /// The server's own version (`INFO server`, `SELECT version()`, `sqlite_version()`).
        public var version: String
        /// Where it ran, with any password hidden.
        public var target: String
        /// The saturation of its mix: the most calls per second it served and at which concurrency.
        public var saturation: Saturation?
        public var calls: [Call]

        public init(role: String, kind: String, version: String, target: String, saturation: Saturation? = nil,
                    calls: [Call] = []) {
            self.role = role; self.kind = kind; self.version = version; self.target = target
            self.saturation = saturation; self.calls = calls
        }
    }

    /// One call (`store.session`) or mix (`store.mix`), at each concurrency level measured.
    public struct Call: Sendable, Hashable {
        public var name: String
        public var saturation: Saturation?
        /// In increasing concurrency.
        public var levels: [Level]

        public init(name: String, saturation: Saturation? = nil, levels: [Level] = []) {
            self.name = name; self.saturation = saturation; self.levels = levels
        }
    }

    /// What one step of the sweep measured: `concurrency` callers in a closed loop.
    public struct Level: Sendable, Hashable {
        public var concurrency: Int
        /// Calls that completed, failed ones included.
        public var calls: Int
        public var errors: Int
        public var seconds: Double
        /// Calls per second.
        public var throughput: Double
        /// The latency percentile table: (percentile, value) with percentiles increasing,
        /// `min` as 0 and `max` as 100.
        public var points: [Distribution.EmpiricalPoint]

        public init(concurrency: Int, calls: Int, errors: Int, seconds: Double, throughput: Double,
                    points: [Distribution.EmpiricalPoint]) {
            self.concurrency = concurrency; self.calls = calls; self.errors = errors; self.seconds = seconds
            self.throughput = throughput; self.points = points
        }

        /// The table as a distribution a scenario's latency can be.
        public var distribution: Distribution { .empirical(points) }

        /// The value at `percentile`, if the table has it.
        public func value(at percentile: Double) -> SimDuration? {
            points.first { $0.percentile == percentile }?.value
        }
    }

    /// Where throughput stopped growing.
    public struct Saturation: Sendable, Hashable {
        /// The mix or call whose sweep this is (for a backend's saturation, its mix).
        public var call: String
        /// The most calls per second any level served.
        public var throughput: Double
        /// The level that served it.
        public var concurrency: Int
        /// False when the sweep ended (at `--max-concurrency`, or interrupted) while throughput still grew.
        public var reached: Bool
        /// Why the sweep stopped, in words.
        public var reason: String

        public init(call: String, throughput: Double, concurrency: Int, reached: Bool, reason: String) {
            self.call = call; self.throughput = throughput; self.concurrency = concurrency; self.reached = reached
            self.reason = reason
        }
    }

    /// The percentiles a level's table holds, in order; 0 is written `min` and 100 `max`.
    public static let percentiles: [Double] = [0, 10, 25, 50, 75, 90, 99, 99.9, 100]

    /// Every call in the document, in file order.
    public var calls: [Call] { backends.flatMap(\.calls) }

    /// The call named `name`, nil if the document has none.
    public func call(_ name: String) -> Call? { calls.first { $0.name == name } }

    /// The backend whose calls start with `role.`.
    public func backend(_ role: String) -> Backend? { backends.first { $0.role == role } }
}

extension CalibrationDocument.Call {
    /// The level measured at exactly `concurrency`.
    public func level(_ concurrency: Int) -> CalibrationDocument.Level? {
        levels.first { $0.concurrency == concurrency }
    }

    /// The measured level closest to `concurrency`; on a tie the lower one.
    public func level(closestTo concurrency: Int) -> CalibrationDocument.Level? {
        levels.min { a, b in
            let (da, db) = (abs(a.concurrency - concurrency), abs(b.concurrency - concurrency))
            return da != db ? da < db : a.concurrency < b.concurrency
        }
    }
}
