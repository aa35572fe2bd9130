import StampedeKernel

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
    /// An attacker who knows the user's password from before their latest change tries it
    /// (skipped for a user who never changed one); it must be refused, and counts toward lockout.
    case loginOldPassword
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
