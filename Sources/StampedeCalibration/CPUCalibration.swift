import StampedeAuth
import StampedeKernel
import StampedeLanguage
import StampedeModel

/// What the model charges the service's cores for, measured for real on this machine: one
/// PBKDF2-HMAC-SHA256 hash at the production iteration count, and signing and verifying an
/// access token.
///
/// Each is timed alone on one thread (the model puts its cost on a pool of cores itself).
/// The figures are for `password_hash.cost` and `service.token_cost`; a scenario reads them
/// from the calibration file only when it says so, since a run must not depend on the
/// machine it runs on.
public enum CPUCalibration {
    /// The calls `cpu.password_hash`, `cpu.token_sign`, `cpu.token_verify` and `cpu.token`
    /// (sign and verify alternately: what `token_cost` stands for), as single-level calls,
    /// and the summary figures.
    public struct Outcome: Sendable {
        public var figures: CalibrationDocument.CPUFigures
        public var calls: [CalibrationDocument.Call]
        public var interrupted: Bool
    }

    /// Hashes for about `seconds` (at least 5 hashes), then signs and verifies tokens for as long.
    public static func measure(iterations: Int, seconds: Double, shouldStop: @Sendable () -> Bool) -> Outcome {
        let clock = ContinuousClock() // wall-clock: this measures real CPU cost
        let hasher = PasswordHasher(iterations: iterations)
        let salt = [UInt8](repeating: 7, count: 16)
        _ = PasswordHasher(iterations: 1_000).hash("warm up the code", salt: salt)
        var hashes: [Int64] = []
        let hashEnd = clock.now + .seconds(seconds)
        var interrupted = false
        while hashes.count < 5 || clock.now < hashEnd {
            if shouldStop() { interrupted = true; break }
            hashes.append(nanoseconds(clock.measure { _ = hasher.hash("correct horse battery", salt: salt) }))
            if hashes.count >= 10_000 { break }
        }
        let signer = TokenSigner(keyBytes: [UInt8](repeating: 1, count: 32))
        let claims = TokenClaims(user: .init(1), session: .init(high: 1, low: 2), issuedAt: .zero,
                                 expiresAt: SimInstant(nanoseconds: 1), permissionVersion: 1)
        var token = signer.sign(claims)
        var signs: [Int64] = [], verifies: [Int64] = []
        let tokenEnd = clock.now + .seconds(seconds)
        var verified = 0
        // Bounded so a long step does not keep millions of samples.
        while !interrupted, clock.now < tokenEnd, signs.count < 2_000_000 {
            if signs.count % 1_000 == 0, shouldStop() { interrupted = true; break }
            signs.append(nanoseconds(clock.measure { token = signer.sign(claims) }))
            verifies.append(nanoseconds(clock.measure { if signer.verify(token) != nil { verified += 1 } }))
        }
        precondition(signs.isEmpty || verified == verifies.count, "a freshly signed token failed to verify")
        var calls: [CalibrationDocument.Call] = []
        let hashSeconds = total(hashes)
        if !hashes.isEmpty {
            calls.append(single("cpu.password_hash", hashes, seconds: hashSeconds))
        }
        if !signs.isEmpty {
            calls.append(single("cpu.token_sign", signs, seconds: total(signs)))
            calls.append(single("cpu.token_verify", verifies, seconds: total(verifies)))
            var both: [Int64] = []
            both.reserveCapacity(signs.count * 2)
            for i in signs.indices { both.append(signs[i]); both.append(verifies[i]) }
            calls.append(single("cpu.token", both, seconds: total(both)))
        }
        let fastest = hashes.min() ?? 0
        let figures = CalibrationDocument.CPUFigures(
            hashIterations: iterations, nanosecondsPerIteration: Double(fastest) / Double(iterations),
            hash: median(hashes), tokenSign: median(signs), tokenVerify: median(verifies))
        return Outcome(figures: figures, calls: calls, interrupted: interrupted)
    }

    /// The lines `stampede bench --calibrate` prints.
    public static func summary(_ figures: CalibrationDocument.CPUFigures) -> [String] {
        let perIteration = figures.nanosecondsPerIteration
        let at600k = perIteration * 600_000 / 1e6
        return [
            "  PBKDF2-HMAC-SHA256: " + fixed(perIteration, 1) + " ns per iteration here; 600,000 iterations ≈ " + fixed(at600k, 0)
                + " ms (scenario: password_hash: { cost: constant(" + fixed(at600k, 0) + "ms) })",
            "  access token: sign " + formatDuration(figures.tokenSign) + ", verify " + formatDuration(figures.tokenVerify)
                + " — the model's default token_cost is 35us",
        ]
    }

    static func single(_ name: String, _ samples: [Int64], seconds: Double) -> CalibrationDocument.Call {
        let level = Sweep.level(concurrency: 1, samples: samples, errors: 0, seconds: seconds)
        return CalibrationDocument.Call(name: name, saturation: nil, levels: [level])
    }

    static func median(_ samples: [Int64]) -> SimDuration {
        guard !samples.isEmpty else { return .zero }
        return SimDuration(nanoseconds: samples.sorted()[(samples.count - 1) / 2])
    }

    static func total(_ samples: [Int64]) -> Double { Double(samples.reduce(0, +)) / 1e9 }

    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let scale = Double([1, 10, 100, 1000][min(decimals, 3)])
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int(rounded)) : String(rounded)
    }
}
