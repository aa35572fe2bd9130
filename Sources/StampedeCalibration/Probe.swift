import StampedeKernel

/// One call as the sweep drives it: what a caller does once, timed by itself.
///
/// A probe times only the call it names: setup it needs first (a lease to fill, a value to
/// compare against) runs before its clock starts. `kinds` names the tables it fills: the
/// first gets every call; a mix may put each call into one more (`store.query`, `store.write`)
/// by returning that kind's index.
public struct Probe: Sendable {
    public var name: String
    public var kinds: [String]
    public var run: @Sendable (ProbeContext, inout Xoshiro256) async -> ProbeResult

    public init(name: String, kinds: [String]? = nil, run: @escaping @Sendable (ProbeContext, inout Xoshiro256) async -> ProbeResult) {
        self.name = name; self.kinds = kinds ?? [name]; self.run = run
    }
}

/// Who is calling: the caller's lane, how many calls it made before in this step, and the
/// step (unique across the whole calibration, so keys of one step never meet another's).
public struct ProbeContext: Sendable {
    public var lane: Int
    public var n: Int
    public var step: Int

    /// A number no other call of the calibration uses.
    public var unique: UInt64 { UInt64(step) << 40 | UInt64(lane) << 24 | UInt64(n & 0xFF_FFFF) }
}

/// What one call took and whether it failed.
public struct ProbeResult: Sendable {
    public var elapsed: Duration
    public var failed: Bool
    /// The extra table it also counts in (an index into `Probe.kinds`), 0 for none.
    public var kind: Int

    public init(elapsed: Duration, failed: Bool, kind: Int = 0) {
        self.elapsed = elapsed; self.failed = failed; self.kind = kind
    }
}

/// Times `body` as one call; a thrown error counts the call as failed, its time still counts.
@inline(__always)
func timed(kind: Int = 0, _ body: () async throws -> Void) async -> ProbeResult {
    let clock = ContinuousClock() // wall-clock: calibration measures real time
    let start = clock.now
    var failed = false
    do { try await body() } catch { failed = true }
    return ProbeResult(elapsed: clock.now - start, failed: failed, kind: kind)
}

/// A weighted choice among probes, each drawn with its weight's share: the realistic mix of a
/// backend. `kind` is the extra table each one's calls also count in.
func mix(name: String, kinds: [String], of parts: [(probe: Probe, weight: Int, kind: Int)]) -> Probe {
    let total = parts.reduce(0) { $0 + $1.weight }
    var cumulative: [Int] = []
    var sum = 0
    for part in parts { sum += part.weight; cumulative.append(sum) }
    let table = cumulative
    return Probe(name: name, kinds: kinds) { context, rng in
        let draw = rng.nextInt(below: total)
        let index = table.firstIndex { draw < $0 } ?? parts.count - 1
        var result = await parts[index].probe.run(context, &rng)
        result.kind = parts[index].kind
        return result
    }
}
