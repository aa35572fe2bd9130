import StampedeKernel

/// One limit: its value and, in words for the error message, why it is there.
package struct Limit<Value: Sendable>: Sendable {
    package let value: Value
    package let reason: String
    init(_ value: Value, _ reason: String) { self.value = value; self.reason = reason }
}

/// The largest values a scenario may ask for, so that whatever `validate` accepts, `run`
/// can do in bounded memory and time.
///
/// Each limit carries its reason, which the error message repeats; `scenarios/README.md`
/// ("Limits") lists them for users, and a test checks that it lists every one. The memory
/// figures were measured on the reference machine (Linux, Swift 6.3.1, release build):
/// change a limit and its reason together.
package enum ScenarioLimits {
    // MARK: The file

    package static let fileBytes = Limit(1 << 20,
        "a scenario is a few kilobytes of YAML (the largest shipped one is under 4 KiB); the limit keeps reading it cheap")
    package static let nestingDepth = Limit(32,
        "the deepest key of the scenario format is 4 levels down (system.cache.sessions.strategy)")
    package static let nodes = Limit(100_000,
        "aliases count once per use, so a list of aliases of lists cannot make reading the file explode")
    package static let nameLength = Limit(64,
        "names become report folder and file names, which file systems limit to 255 bytes")

    // MARK: Lists

    package static let phases = Limit(1_000, "each phase is a stretch of arrivals and a metric scope")
    package static let journeys = Limit(1_000, "each journey is drawn from a cumulative table on every arrival")
    package static let steps = Limit(1_000, "a journey is one simulated user's visit, not a script of thousands of requests")
    package static let events = Limit(1_000, "every pair of faults is checked for overlap, and every event is drawn in the report")
    package static let slos = Limit(1_000, "each SLO is judged per window, and a scoped one keeps its own histograms")
    package static let empiricalPoints = Limit(1_000, "each draw from an empirical distribution scans its points")
    package static let calibrationFiles = Limit(16,
        "each calibration file a scenario names is read and checked whole at load (one per backend and one for the CPU is the usual)")
    package static let calibrationLevels = Limit(64,
        "a sweep doubles the concurrency at each level, so 64 levels already go beyond any connection pool")
    package static let measuredStretches = Limit(200,
        "each fault that lasts and each SLO scope keeps whole-run histograms for every operation (about 0.9 MB, measured: "
            + "1,000 of them took 935 MB) and is checked on every request")

    // MARK: Size of the system

    package static let users = Limit(5_000_000,
        "each user takes about 450 bytes (measured at 1,000,000 users), so 5,000,000 users take about 2.3 GB before any traffic")
    package static let poolSize = Limit(10_000,
        "pool accounting multiplies the pool size by the window width in nanoseconds in 64 bits, which holds up to "
            + "10,000 servers and the longest run")
    package static let cacheBytes = Limit(1 << 40, "a terabyte is unlimited in practice; the size must fit in 64 bits")
    package static let evictionSamples = Limit(64,
        "as in Redis (maxmemory-samples 1–64): every eviction draws this many keys")
    package static let breakerWindow = Limit(1_000_000, "the breaker keeps one byte per call of its sliding window")

    // MARK: Time

    package static let duration = Limit(SimDuration(nanoseconds: 7 * 24 * 3_600 * 1_000_000_000),
        "pool accounting holds pool size × window width in 64 bits only up to a week; run a longer soak as several runs")
    package static let anyDuration = Limit(SimDuration(nanoseconds: 10_000 * 3_600 * 1_000_000_000),
        "no duration may exceed 10,000 hours (about 14 months), so sums of durations stay inside the 64-bit nanosecond clock")
    package static let windows = Limit(100_000,
        "each window costs about 3.5 KB across the time series and the reports (100,000 windows peaked at 376 MB, with 74 MB "
            + "of reports)")
    package static let faultOccurrences = Limit(10_000,
        "each fault occurrence is listed in the result, drawn on the timeline and judged for recovery")
    package static let snapshots = Limit(100_000, "each snapshot copies the whole cache")
    package static let flushes = Limit(10_000_000, "each write-behind flush wakes the flusher, whether or not anything is queued")

    // MARK: Work

    package static let requests = Limit(100_000_000,
        "the simulator runs about 40,000–70,000 requests per second of wall time (measured on the shipped scenarios), so "
            + "100 million requests take about half an hour")
    package static let sessions = Limit(5_000_000,
        "every session a login creates is kept (about 600 bytes with its tokens) until its absolute timeout, so 5 million "
            + "take about 3 GB")
    package static let journeysInFlight = Limit(250_000,
        "a journey waiting for a core or a connection takes about 7.5 KB (240,000 waiting took 1.8 GB), so an overloaded "
            + "system cannot grow without bound; arrivals beyond it are dropped and counted, as a load generator with a "
            + "fixed pool of virtual users does")
    package static let retryAttempts = Limit(100, "every try is a modeled call; more than 100 tries of one call is a retry storm")
    package static let realHashIterations = Limit(1_000,
        "real hashing only makes a wrong password fail; its CPU time is modeled from 'iterations'. At 1,000 iterations a "
            + "hash costs about 0.2 ms of real CPU, and every preregistered user and every login hashes once")
    package static let hashIterations = Limit(100_000_000,
        "100 million iterations model about 22 s of CPU per hash, far beyond any password policy (OWASP: 600,000)")
    package static let factor = Limit(1_000.0, "a thousandfold slowdown already stops every modeled operation")
    package static let zipfExponent = Limit(10.0, "above 10 every draw picks the most popular user")

    /// Each limit as the "Limits" table of `scenarios/README.md` names it: what it bounds and
    /// its value as written there (a test checks the table).
    package static let documented: [(what: String, value: String)] = [
        ("file size", "1 MiB"), ("nesting", "\(nestingDepth.value)"), ("values", grouped(nodes.value)),
        ("names", "\(nameLength.value)"), ("traffic.phases", grouped(phases.value)),
        ("traffic.journeys", grouped(journeys.value)), ("steps", grouped(steps.value)), ("events", grouped(events.value)),
        ("slos", grouped(slos.value)), ("measured stretches", "\(measuredStretches.value)"), ("empirical", grouped(empiricalPoints.value)),
        ("calibration files", "\(calibrationFiles.value)"), ("calibration levels", "\(calibrationLevels.value)"), ("users.count", grouped(users.value)),
        ("cores", grouped(poolSize.value)), ("maxmemory", "1024gb"), ("maxmemory_samples", "\(evictionSamples.value)"),
        ("breaker.window", grouped(breakerWindow.value)), ("duration", "168h"), ("any other duration", "10,000h"),
        ("window", grouped(windows.value)), ("fault occurrences", grouped(faultOccurrences.value)),
        ("snapshot_every", grouped(snapshots.value)), ("flush_interval", grouped(flushes.value)),
        ("requests", grouped(requests.value)), ("journeys in flight", grouped(journeysInFlight.value)), ("sessions", grouped(sessions.value)),
        ("retry.max_attempts", "\(retryAttempts.value)"), ("simulated_iterations", grouped(realHashIterations.value)),
        ("iterations", grouped(hashIterations.value)), ("factor", "1,000"), ("zipf", "10"),
    ]
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
