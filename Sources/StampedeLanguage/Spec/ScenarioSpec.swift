import StampedeAnalysis
import StampedeKernel
import StampedeModel
import StampedeSystem
import StampedeWorkload

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
