import StampedeCache
import StampedeKernel
import StampedeModel
import Synchronization

/// A fault that acts on individual backend calls while its window is active: the shape
/// shared by cache and store faults (Toxiproxy's toxics, with its `toxicity` as
/// `probability`).
public struct CallFault: Sendable {
    public enum Effect: Sendable {
        /// Connection refused: the call fails fast and never reaches the backend.
        case fail
        /// The call hangs until the client's timeout (or, with none, the window's end) and
        /// then fails as timed out.
        case hang
        /// The call takes this much longer before it reaches the backend.
        case delay(LatencySource)
        /// Like `delay`, shrinking linearly to nothing by the window's end (a slow recovery,
        /// a cold buffer after failover).
        case fadingDelay(LatencySource)

        /// Connection refused (the original name of `fail`).
        public static var down: Effect { .fail }
        /// Added latency (the original name of `delay`).
        public static func latency(_ source: LatencySource) -> Effect { .delay(source) }
    }

    public var window: RecurringWindow
    public var effect: Effect
    /// Share of the calls in the window that the fault hits, in 0...1.
    public var probability: Double
    /// Which cache keys the fault hits; nil for all (and for store calls).
    public var keys: (@Sendable (CacheKey) -> Bool)?
    /// The seeded coin for `probability`; nil when every call is hit.
    let coin: Coin?

    /// A fault hitting `probability` of the calls in `window`, its coin seeded by `seed`.
    public init(window: RecurringWindow, effect: Effect, probability: Double = 1, seed: SeedTree = SeedTree(0),
                keys: (@Sendable (CacheKey) -> Bool)? = nil) {
        self.window = window
        self.effect = effect
        self.probability = min(max(probability, 0), 1)
        self.keys = keys
        self.coin = self.probability < 1 ? Coin(seed) : nil
    }

    /// A fault hitting every call from `start` to `end`.
    public init(start: SimInstant, end: SimInstant, effect: Effect) {
        self.init(window: RecurringWindow(start: start, end: end), effect: effect)
    }

    /// Whether this call is hit (draws from the seeded coin only when `probability` < 1).
    @inline(__always) func hits() -> Bool {
        guard let coin else { return probability > 0 }
        return coin.flip(probability)
    }

    /// A seeded generator behind a lock: draws happen in the executor's deterministic order.
    final class Coin: Sendable {
        private let rng: Mutex<Xoshiro256>
        init(_ seed: SeedTree) { rng = Mutex(seed.generator()) }
        func flip(_ p: Double) -> Bool { rng.withLock { $0.chance(p) } }
    }
}

/// The fault type of the cache decorator (kept under its original name).
public typealias CacheFault = CallFault

/// Applies the active call faults of a plan to one call.
struct FaultInjector: Sendable {
    let faults: [CallFault]
    let clock: any SimClock
    let observer: (any SystemProbe)?

    init(_ faults: [CallFault], clock: any SimClock, observer: (any SystemProbe)?) {
        self.faults = faults.sorted { $0.window.start < $1.window.start }
        self.clock = clock
        self.observer = observer
    }

    /// Runs `body` under the faults active now: a failed call throws before reaching the
    /// backend, a hung one throws when its client gives up, and added latency travels in
    /// `CallContext.delay` for the modeled resource to hold its connection that much longer.
    @inline(__always)
    func run<T>(_ call: BackendCall, key: CacheKey? = nil, _ body: () async throws(BackendError) -> T) async throws(BackendError) -> T {
        if faults.isEmpty { return try await body() }
        return try await runUnderFaults(call, key: key, body)
    }

    /// `run` with faults planned, out of line: a call on a backend without faults (waiting
    /// for a store connection through a cache outage, say) keeps no frame space for it.
    @inline(never)
    private func runUnderFaults<T>(_ call: BackendCall, key: CacheKey?, _ body: () async throws(BackendError) -> T) async throws(BackendError) -> T {
        let extra = try await inject(call, key: key)
        if extra.nanoseconds == 0 { return try await body() }
        return try await CallContext.with(addedDelay: extra, body)
    }

    /// Applies failures and hangs; returns the latency to add to the call. Out of line, so
    /// its locals are gone while the call itself waits.
    @inline(never)
    private func inject(_ call: BackendCall, key: CacheKey?) async throws(BackendError) -> SimDuration {
        let now = clock.now
        var extra = SimDuration.zero
        var hangUntil: SimInstant?
        for f in faults where f.window.contains(now) {
            if let keys = f.keys, let key, !keys(key) { continue }
            guard f.hits() else { continue }
            switch f.effect {
            case .fail:
                observer?.backendCall(call, wait: .zero, service: .zero, failed: true, at: now)
                throw .unavailable
            case .hang:
                let end = f.window.occurrence(containing: now)?.end ?? now
                hangUntil = max(hangUntil ?? end, end)
            case .delay(let source):
                extra += source.next()
            case .fadingDelay(let source):
                extra += source.next() * (1 - (f.window.progress(at: now) ?? 1))
            }
        }
        if let hangUntil {
            try? await clock.sleep(until: CallContext.current.deadline ?? hangUntil)
            observer?.backendCall(call, wait: .zero, service: clock.now - now, failed: true, at: clock.now)
            throw .timeout
        }
        return extra
    }
}
