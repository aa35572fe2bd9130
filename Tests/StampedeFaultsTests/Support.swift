import StampedeCache
@testable import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore
import StampedeTestSupport
import Synchronization


/// Counts failed backend calls and resilience signals.
final class CountingObserver: SystemProbe, ResilienceObserver {
    let failed = Locked(0)
    let signals = Locked<[ResilienceSignal]>([])
    func observe(_ event: ProbeEvent) {}
    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
        if failed { self.failed.withLock { $0 += 1 } }
    }
    func cacheLookup(hit: Bool, at: SimInstant) {}
    func cacheFallback(at: SimInstant) {}
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {
        signals.withLock { $0.append(signal) }
    }
    func count(_ s: ResilienceSignal) -> Int { signals.value.filter { $0 == s }.count }
}

func ms(_ v: Double) -> SimDuration { .milliseconds(v) }
func at(_ v: Double) -> SimInstant { .zero + .milliseconds(v) }

/// A virtual clock, a modeled cache (1 ms per call) and a modeled store (2 ms per call).
struct Bench {
    let executor = VirtualExecutor()
    let clock: VirtualClock
    let observer = CountingObserver()
    let cache: ModeledCache
    let store: InMemoryStore

    init(cachePool: Int = 8) {
        clock = VirtualClock(executor: executor)
        cache = ModeledCache(resource: ModeledResource(pool: ResourcePool(name: "cache", capacity: cachePool, clock: clock),
                                                       latency: LatencySource(.constant(ms(1)), seed: SeedTree(1))),
                             clock: clock, maxEntries: 100, observer: observer)
        store = InMemoryStore(resource: ModeledResource(pool: ResourcePool(name: "store", capacity: 8, clock: clock),
                                                        latency: LatencySource(.constant(ms(2)), seed: SeedTree(2))),
                              clock: clock, userCapacity: 10, retention: .seconds(3600), observer: observer)
    }

    /// Runs `body` as the only task and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (VirtualClock) async -> T) -> T {
        let box = Locked<T?>(nil)
        let clock = self.clock
        TaskSpawner(executor: executor).spawn { let r = await body(clock); box.withLock { $0 = r } }
        executor.run()
        return box.value!
    }
}

/// What one call did: whether it failed, with which error, and how long it took.
struct CallRecord: Sendable, Equatable {
    var error: BackendError?
    var took: SimDuration
}

/// Makes one call through `body` and records its outcome and duration.
func probe(_ clock: VirtualClock, _ body: () async throws(BackendError) -> Void) async -> CallRecord {
    let start = clock.now
    do throws(BackendError) {
        try await body()
        return CallRecord(error: nil, took: clock.now - start)
    } catch {
        return CallRecord(error: error, took: clock.now - start)
    }
}
