import Foundation
import StampedeCapacity
import StampedeLanguage

/// A queueing scenario for the capacity tests: every journey registers one new user, which
/// is exactly one store write; with Poisson arrivals and exponential service on `pool`
/// connections the store is an M/M/c queue. Nothing else queues: no caching, hashing costs
/// a microsecond on plenty of cores.
enum CapacityScenario {
    static func yaml(pool: Int, rate: Double, serviceMs: Double = 10, duration: String = "120s",
                     slo: String = "store.write.wait.p99 < 50ms", cores: Int = 1000) -> String {
        """
        name: mmc-\(pool)
        seed: 11
        duration: \(duration)
        users: { count: 400000, preregistered: 0%, popularity: zipf(0) }
        system:
          service:
            cores: \(cores)
            password_hash: { iterations: 1000, simulated_iterations: 1, cost: constant(1us) }
            token_cost: constant(1us)
          store: { pool: \(pool), latency: exponential(mean: \(serviceMs)ms) }
          cache:
            pool: 8
            profiles: { strategy: none }
            sessions: { strategy: none }
            permissions: { strategy: none }
            otp: { strategy: none }
            counters: { strategy: none }
        traffic:
          phases:
            - { name: load, for: \(duration), rate: poisson(\(rate)/s) }
          journeys:
            signup: { weight: 100%, steps: [register] }
        slos:
          - \(slo)
        """
    }

    /// Writes the scenario to a temporary file and returns a search over it, run in this process.
    static func search(_ yaml: String, seeds: [UInt64] = [1, 2, 3], configure: (inout CapacityOptions) -> Void = { _ in })
        throws -> CapacitySearch {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-capacity-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("mmc-\(abs(yaml.hashValue)).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let spec = try ScenarioLoader.load(path: path)
        var options = CapacityOptions(seeds: seeds)
        configure(&options)
        return CapacitySearch(executor: InProcessProbes(), context: CapacityContext(file: path), options: options, spec: spec)
    }
}

/// P(wait > t) for an M/M/c queue and the arrival rate at which it equals a given share.
enum ErlangC {
    /// Erlang's C formula: the probability an arrival waits, with offered load `a` = λ/μ on `c` servers.
    static func probabilityOfWaiting(c: Int, a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1..<max(1, c) {
            term *= a / Double(k)
            sum += term
        }
        if c == 1 { sum = 1 }
        let last = term * (c == 1 ? a : a / Double(c)) * Double(c) / (Double(c) - a)
        return last / (sum + last)
    }

    /// P(W > t) = C(c, λ/μ)·e^(−(cμ−λ)t).
    static func tail(c: Int, lambda: Double, mu: Double, t: Double) -> Double {
        let a = lambda / mu
        guard a < Double(c) else { return 1 }
        return probabilityOfWaiting(c: c, a: a) * exp(-(Double(c) * mu - lambda) * t)
    }

    /// The largest λ with P(W > t) ≤ `share`: where the wait's (1 − share) quantile reaches t.
    static func maximumRate(c: Int, mu: Double, t: Double, share: Double = 0.01) -> Double {
        var lo = 0.0, hi = Double(c) * mu * 0.999_999
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if tail(c: c, lambda: mid, mu: mu, t: t) > share { hi = mid } else { lo = mid }
        }
        return lo
    }
}
