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
    let observer: (any AuthObserver)?

    init(_ faults: [CallFault], clock: any SimClock, observer: (any AuthObserver)?) {
        self.faults = faults.sorted { $0.window.start < $1.window.start }
        self.clock = clock
        self.observer = observer
    }

    /// Lets the call through, perhaps later; throws if a fault fails it or its client gives up.
    @inline(__always)
    func inject(_ call: BackendCall, key: CacheKey? = nil) async throws(BackendError) {
        if faults.isEmpty { return }
        try await injectActive(call, key: key)
    }

    private func injectActive(_ call: BackendCall, key: CacheKey?) async throws(BackendError) {
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
        let deadline = CallDeadline.current
        if let hangUntil {
            try await giveUp(call, at: deadline ?? hangUntil, since: now)
        }
        guard extra.nanoseconds > 0 else { return }
        if let deadline, now + extra >= deadline {
            try await giveUp(call, at: deadline, since: now)
        }
        try? await clock.sleep(for: extra)
    }

    /// Waits until `instant`, records the failed call and throws a timeout.
    private func giveUp(_ call: BackendCall, at instant: SimInstant, since start: SimInstant) async throws(BackendError) {
        try? await clock.sleep(until: instant)
        observer?.backendCall(call, wait: .zero, service: clock.now - start, failed: true, at: clock.now)
        throw .timeout
    }
}
