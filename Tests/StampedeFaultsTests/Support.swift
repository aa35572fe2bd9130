import StampedeCache
@testable import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore
import StampedeSystem
import StampedeTestSupport

func ms(_ v: Double) -> SimDuration { .milliseconds(v) }
func at(_ v: Double) -> SimInstant { .zero + .milliseconds(v) }

/// A virtual clock, a modeled cache (1 ms per call) and a modeled store (2 ms per call), as
/// the composition root builds them, for the fault and resilience layers to wrap.
struct Bench {
    let system: TestSystem
    var clock: VirtualClock { system.clock }
    var observer: RecordingProbe { system.probe }
    /// The backends' own calls (no fault or policy layer in between).
    var cache: any AuthCache { system.parts.cache }
    var store: any AuthStore { system.parts.store }
    var server: any CacheServer { system.parts.cacheServer }

    init(cachePool: Int = 8) {
        var s = SystemSpec()
        s.cache.pool = cachePool
        s.cache.latency = .constant(ms(1))
        s.cache.server.maxEntries = 100
        s.store.pool = 8
        s.store.latency = .constant(ms(2))
        s.sessions.absoluteTimeout = .seconds(3600)
        system = TestSystem(s, users: 10)
    }

    /// Runs `body` as the only task and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (VirtualClock) async -> T) -> T { system.run(body) }
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
