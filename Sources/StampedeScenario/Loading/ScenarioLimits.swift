import StampedeKernel

/// The largest values a scenario may ask for, so that whatever `validate` accepts, `run`
/// can do in bounded memory and time.
///
/// Each limit says why it is where it is; `scenarios/README.md` ("Limits") lists them for
/// users. The memory figures were measured on the reference machine (Linux, Swift 6.3.1) and
/// are what the limits are derived from: change a limit and its reason together.
package enum ScenarioLimits {
    // MARK: The file

    /// Bytes in a scenario file, checked before it is read: the largest shipped scenario is
    /// under 4 KiB, and the YAML node tree takes about 20 times the file's size in memory.
    package static let fileBytes = 1 << 20
    /// Nesting of mappings and lists: the deepest key of the format is 4 levels down
    /// (`system.cache.sessions.strategy`); YAML nested deeper is never a scenario.
    package static let nestingDepth = 32
    /// Values (scalars, lists, mappings) after aliases are expanded: bounds the work of
    /// reading a file whose aliases repeat one list inside another (a "billion laughs").
    package static let nodes = 100_000
    /// Characters in a name (scenario, phase, journey, fault, event, permission): names
    /// become report folder and file names, which the file system limits to 255 bytes.
    package static let nameLength = 64

    // MARK: Lists

    /// Traffic phases: each is a stretch of arrivals and a metric scope.
    package static let phases = 1_000
    /// Journeys in the mix.
    package static let journeys = 1_000
    /// Steps in one journey (before repeats).
    package static let steps = 1_000
    /// Fault and security events.
    package static let events = 1_000
    /// SLOs: each is judged per window and, when scoped, keeps its own histograms.
    package static let slos = 1_000
    /// Points of an `empirical(...)` distribution: each sample scans them.
    package static let empiricalPoints = 1_000

    // MARK: Size of the system

    /// Users: about 450 bytes each (password, permissions, store record, popularity table),
    /// measured at 1,000,000 users, so 5,000,000 users take about 2.3 GB before any traffic.
    package static let users = 5_000_000
    /// Connections in a pool and service cores: per-window pool accounting multiplies the
    /// pool size by the window's width in nanoseconds in 64 bits, which holds for 10,000
    /// servers and windows up to the longest run (see `duration`).
    package static let poolSize = 10_000
    /// Entries the cache may keep: a cached entry takes about 200 bytes, so 100 million
    /// entries would be 20 GB.
    package static let cacheEntries = 100_000_000
    /// Cache memory: the modeled cache never holds more than `cacheEntries` entries anyway;
    /// a terabyte is "unlimited" in practice.
    package static let cacheBytes = 1 << 40
    /// Calls in a circuit breaker's sliding window: the breaker keeps one byte per call.
    package static let breakerWindow = 1_000_000

    // MARK: Time

    /// Simulated length of a run: 7 days. Per-window pool accounting (see `poolSize`) holds
    /// pool size × window width in 64 bits, and a week of traffic is the longest soak asked
    /// for; run longer soaks as several runs.
    package static let duration = SimDuration(nanoseconds: 7 * 24 * 3_600 * 1_000_000_000)
    /// Any other duration (timeouts, TTLs, latencies): 10,000 hours, about 14 months, longer
    /// than any run, so that sums of a few durations stay far inside the ±292 years a 64-bit
    /// nanosecond clock holds.
    package static let anyDuration = SimDuration(nanoseconds: 10_000 * 3_600 * 1_000_000_000)
    /// Windows in the metrics time series (duration / window): each costs about 3.5 KB of
    /// memory across the series and the reports (measured: 60,000 windows took 235 MB and
    /// 45 MB of reports), so 100,000 windows are about 350 MB. A longer run with the default
    /// 1 s window gets wider windows, with a notice.
    package static let windows = 100_000
    /// Fault occurrences in the whole plan (repeats included): each is listed in the result,
    /// drawn on the timeline and judged for recovery.
    package static let faultOccurrences = 10_000
    /// Snapshots over a run (duration / `snapshot_every`): each copies the cache's contents.
    package static let snapshots = 100_000
    /// Write-behind flushes over a run (duration / `flush_interval`): each is a wake-up of the
    /// flusher, about a microsecond of real time.
    package static let flushes = 10_000_000

    // MARK: Work

    /// Journeys started over the run (Σ rate × phase length). A journey that cannot be
    /// served waits in a pool queue; a waiting journey takes about 400 bytes, so when the
    /// system is overloaded and every journey waits, 10 million take about 4 GB.
    package static let journeysStarted = 10_000_000
    /// Requests over the run (journeys × steps with their repeats): about an hour at the
    /// 250,000 simulated requests per wall second the simulator is built for; a login that
    /// succeeds holds a session (about 600 bytes) until it times out.
    package static let requests = 1_000_000_000
    /// Tries per call (`retry.max_attempts`): each retry is a modeled call; more than 100
    /// tries of one call is a retry storm, not a policy.
    package static let retryAttempts = 100
    /// Real PBKDF2 iterations per hash (`simulated_iterations`): real hashing only makes a
    /// wrong password fail; its CPU cost is modeled from `iterations`. At 1,000 iterations a
    /// hash costs about 0.2 ms of real CPU, so a million hashes (preload and logins) take
    /// about 4 minutes; a larger value only slows the simulator down.
    package static let realHashIterations = 1_000
    /// Modeled PBKDF2 iterations (`iterations`): 100 million cost about 22 s of modeled CPU
    /// per hash at the reference rate, far beyond any password policy (OWASP: 600,000).
    package static let hashIterations = 100_000_000
    /// A CPU or backoff multiplier (`factor`, `multiplier`).
    package static let factor = 1_000.0
    /// A Zipf popularity exponent: above 10 every draw is the most popular user.
    package static let zipfExponent = 10.0
}

/// `1234567` → `1,234,567`, for limits and estimates in messages.
package func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}
