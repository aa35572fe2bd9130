import StampedeKernel
import StampedeModel

/// A scenario as loaded from its file: everything a run needs, with defaults filled in.
///
/// Loading (`ScenarioLoader`) produces this; the runner consumes it. Every field has a
/// sensible default so a small file does a lot.
public struct ScenarioSpec: Sendable {
    public var name: String
    public var description: String = ""
    /// The seed from the file, if any; `--seed` overrides it.
    public var seed: UInt64?
    public var duration: SimDuration
    /// Width of a metrics time-series window.
    public var window: SimDuration = .seconds(1)
    public var users = UsersSpec()
    public var system = SystemSpec()
    public var traffic = TrafficSpec()
    public var events: [EventSpec] = []
    public var slos: [SLOSpec] = []
    /// How long every whole-run SLO must hold again after a fault for it to count as recovered.
    public var recoveryWindow: SimDuration = .seconds(10)
    /// Where it came from: the path as given and the SHA-256 of the file's bytes.
    public var sourcePath: String = ""
    public var sourceSHA256: String = ""
    /// Changes applied on top of the file (`--set`, `--matrix`), in the order given.
    public var overrides: [ScenarioOverride] = []
    /// Relative worsening of a metric against a baseline run that fails the run
    /// (`regression: 10%` → 0.1); nil when the file does not set it.
    public var regression: Double?
    /// What the loader adjusted to keep the run within its limits (a wider default window),
    /// for the command line to print before running.
    public var notices: [ScenarioNotice] = []

    public init(name: String, duration: SimDuration) {
        self.name = name
        self.duration = duration
    }
}

public struct UsersSpec: Sendable {
    public var count: Int = 10_000
    /// Fraction in 0...1 registered before traffic starts (loaded directly, not as traffic).
    public var preregistered: Double = 0.9
    /// Zipf exponent of user popularity; 0 means every user is equally likely.
    public var zipf: Double = 1.0
    /// Permissions every registered user holds. Validation steps ask for one of these.
    public var permissions: [String] = ["read", "write"]
    public init() {}
}

public struct SystemSpec: Sendable {
    public var service = ServiceSpec()
    public var store = BackendSpec(pool: 20, latency: .lognormal(median: .milliseconds(3), p99: .milliseconds(30)))
    public var cache = CacheSpec()
    public var sessions = SessionSpec()
    public var lockout = LockoutSpec()
    public var otp = OTPSpec()
    /// How long after a permission change an old decision may still stand (the checker enforces it).
    public var permissionStaleness: SimDuration = .zero
    /// Timeouts, retries, breakers and shedding; every policy is off unless configured.
    public var resilience = ResilienceSpec()
    public init() {}
}

public struct ServiceSpec: Sendable {
    /// Service CPU cores: the pool on which password hashing and token work is modeled.
    public var cores: Int = 8
    /// Production PBKDF2-HMAC-SHA256 iteration count the modeled CPU time stands for.
    public var hashIterations: Int = 600_000
    /// Iterations actually computed (real hashing, so a wrong password really fails).
    public var realHashIterations: Int = 16
    /// CPU time of one production hash. Nil: derived from `hashIterations` at the rate
    /// measured on the reference machine (600,000 iterations ≈ 130 ms).
    public var hashCost: Distribution?
    /// CPU time of signing or verifying one access token.
    public var tokenCost: Distribution = .constant(.microseconds(35))
    public init() {}
}

public struct BackendSpec: Sendable {
    /// Which implementation serves the calls, by its name in the backend registry.
    public var backend = BackendRegistry.model
    /// Connections in the pool; calls beyond it wait in FIFO order.
    public var pool: Int
    /// Service time of one call.
    public var latency: Distribution
    public init(pool: Int, latency: Distribution) { self.pool = pool; self.latency = latency }
}

public struct CacheSpec: Sendable {
    /// Which implementation serves the calls, by its name in the backend registry.
    public var backend = BackendRegistry.model
    public var pool: Int = 64
    public var latency: Distribution = .lognormal(median: .microseconds(300), p99: .milliseconds(2))
    /// Entries kept before least-recently-used eviction.
    public var maxEntries: Int = 200_000
    /// TTL of cached user records (cache-aside).
    public var userTTL: SimDuration = .minutes(10)
    /// TTL of cached permission sets (cache-aside).
    public var permissionTTL: SimDuration = .minutes(5)
    /// Per data class: strategy, TTL, outage behaviour, persistence (see `CachingSpec.swift`).
    public var classes = DataClassSpecs()
    public var memory = CacheMemorySpec()
    public var persistence = PersistenceSpec()
    public var warm = WarmSpec.none
    public init() {}
}

/// `system.sessions`: the policy the service enforces and the checker judges by (StampedeModel).
public typealias SessionSpec = SessionPolicy

/// `system.lockout` (StampedeModel).
public typealias LockoutSpec = LockoutPolicy

public struct TrafficSpec: Sendable {
    public var phases: [PhaseSpec] = []
    /// Journeys in file order; weights are fractions that sum to 1 after loading.
    public var journeys: [JourneySpec] = []
    /// Pause between a journey's steps unless the journey sets its own.
    public var thinkTime: Distribution = .exponential(mean: .seconds(2))
    public init() {}
}

public struct PhaseSpec: Sendable {
    public var name: String
    public var duration: SimDuration
    public var rate: RateSpec
    public init(name: String, duration: SimDuration, rate: RateSpec) {
        self.name = name; self.duration = duration; self.rate = rate
    }
}

/// Journey starts per second during a phase (an open model: arrivals do not wait for completions).
public enum RateSpec: Sendable, Hashable {
    /// Evenly spaced arrivals.
    case constant(perSecond: Double)
    /// Linear ramp from one rate to another over the phase, evenly spaced.
    case ramp(from: Double, to: Double)
    /// Exponentially distributed gaps with this mean rate.
    case poisson(perSecond: Double)
}

public struct JourneySpec: Sendable {
    public var name: String
    /// Share of arrivals, as a fraction after normalisation.
    public var weight: Double
    public var steps: [StepSpec]
    public var thinkTime: Distribution?
    public init(name: String, weight: Double, steps: [StepSpec], thinkTime: Distribution? = nil) {
        self.name = name; self.weight = weight; self.steps = steps; self.thinkTime = thinkTime
    }
}

public struct StepSpec: Sendable, Hashable {
    public var action: StepAction
    /// `validate x 20` repeats the step 20 times.
    public var repeats: Int = 1
    /// `logout 60%` runs the step with probability 0.6 (once decided, for all repeats).
    public var probability: Double = 1
    public init(action: StepAction, repeats: Int = 1, probability: Double = 1) {
        self.action = action; self.repeats = repeats; self.probability = probability
    }
}

public enum StepAction: Sendable, Hashable {
    /// Register a user that was not preregistered.
    case register
    /// Log in with the right password, starting a session.
    case login
    /// Log in with a wrong password (counts toward lockout).
    case loginWrongPassword
    /// Validate the access token for a permission (nil: the first of the user's permissions).
    case validate(permission: String?)
    /// Rotate the refresh token.
    case refresh
    case logout
    /// The user changes their own password from this session.
    case changePassword
    /// An attacker replays the access token of a session that has been logged out.
    case replayAfterLogout
    /// An attacker presents a refresh token that was already redeemed (should revoke the family).
    case reuseRefresh
    /// Submit the one-time passcode the last login asked for (no-op if it asked for none).
    case otp
    /// Submit a wrong one-time passcode (counts toward the code's attempt limit).
    case otpWrongCode
    /// An attacker resubmits a code that was already accepted (must be refused).
    case otpReplay
}

public struct EventSpec: Sendable {
    public var at: SimDuration
    /// Line in the scenario file, for messages.
    public var line: Int
    public var kind: Kind

    public enum Kind: Sendable {
        case fault(FaultSpec)
        case security(SecurityEventSpec)
    }

    public init(at: SimDuration, line: Int, kind: Kind) { self.at = at; self.line = line; self.kind = kind }

    /// A stable label used in reports, e.g. `cache-down@6m`.
    public var label: String {
        switch kind {
        case .fault(let f): return "\(f.name)@\(at)"
        case .security(let s): return "\(s.name)@\(at)"
        }
    }
}

public struct SecurityEventSpec: Sendable {
    public var kind: Kind
    public var target: Target
    /// Spread the affected users evenly over this window (zero: all at `at`).
    public var over: SimDuration = .zero
    /// Users per second, for a storm paced at a rate (nil: spread by `over`).
    public var rate: Double?
    /// How SLO scopes and reports name it (default: the kind, suffixed when repeated).
    public var name = ""

    public enum Kind: Sendable, Hashable {
        /// Password reset from another device: every session of the user is revoked.
        case passwordChange
        /// Remove one permission from the user.
        case permissionRevoke(String)
        /// Log out every session of the user.
        case logoutEverywhere

        public var name: String {
            switch self {
            case .passwordChange: return "password-change"
            case .permissionRevoke: return "permission-revoke"
            case .logoutEverywhere: return "logout-everywhere"
            }
        }
    }

    /// Which users: a fraction of those with a live session, or a count of them.
    public enum Target: Sendable, Hashable {
        case fraction(Double)
        case count(Int)
    }

    public init(kind: Kind, target: Target, over: SimDuration = .zero) {
        self.kind = kind; self.target = target; self.over = over
    }
}
