import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore
import StampedeSystem
import Synchronization

/// Keeps what a test's system reports: the history (decisions and security events from the
/// recording client, cached reads and writes from the probe), failed backend calls and
/// resilience signals.
public final class RecordingProbe: SystemProbe, HistorySink {
    private let events = Mutex<[HistoryEvent]>([])
    private let failures = Mutex<Int>(0)
    private let received = Mutex<[ResilienceSignal]>([])

    public init() {}

    public func record(_ event: HistoryEvent) { events.withLock { $0.append(event) } }
    public func observe(_ event: ProbeEvent) { record(HistoryEvent(event)) }
    public func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {
        received.withLock { $0.append(signal) }
    }
    public func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
        if failed { failures.withLock { $0 += 1 } }
    }
    public func cacheLookup(hit: Bool, at: SimInstant) {}
    public func cacheFallback(at: SimInstant) {}

    /// In emission (completion) order.
    public var history: [HistoryEvent] { events.withLock { $0 } }
    public var failedCalls: Int { failures.withLock { $0 } }
    public var signals: [ResilienceSignal] { received.withLock { $0 } }
    public func count(_ signal: ResilienceSignal) -> Int { signals.filter { $0 == signal }.count }
}

/// A system under test on a virtual clock, built by the composition root (`SystemAssembly`)
/// exactly as a run builds it: the one harness every test that needs a system uses.
public struct TestSystem: Sendable {
    public let executor = VirtualExecutor()
    public let clock: VirtualClock
    public let probe = RecordingProbe()
    /// Every part, as the composition root built it.
    public let parts: AssembledSystem
    /// The system through the client that records its answers as history (`probe.history`).
    public let client: RecordingClient

    /// - Parameters:
    ///   - faults: call faults per backend and the service's own.
    ///   - cache, store: wrap what the service sees (a planted bug, an unreachable store).
    public init(_ system: SystemSpec, users: Int, seed: UInt64 = 1, faults: SystemFaults = SystemFaults(),
                backends: BackendRegistry = .builtIn,
                cache: (@Sendable (any AuthCache) -> any AuthCache)? = nil,
                store: (@Sendable (any AuthStore) -> any AuthStore)? = nil) {
        clock = VirtualClock(executor: executor)
        var assembly = SystemAssembly(system: system, userCapacity: users)
        assembly.faults = faults
        assembly.backends = backends
        assembly.decorators.cache = cache
        assembly.decorators.store = store
        parts = assembly.build(clock: clock, seed: SeedTree(seed), probe: probe)
        client = parts.client(recordingInto: probe)
    }

    public var service: AuthService { parts.service }
    public var spawner: TaskSpawner { TaskSpawner(executor: executor) }

    /// Runs `body` as a simulated task until every task it started has finished; returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (VirtualClock) async -> T) -> T {
        let box = Locked<T?>(nil)
        let clock = self.clock
        spawner.spawn { let r = await body(clock); box.withLock { $0 = r } }
        executor.run()
        guard let result = box.value else { preconditionFailure("the task did not finish: it waits on something that never comes") }
        return result
    }

    /// Runs `body` as the only simulated task, driving the system through the recording client.
    public func runClient<T: Sendable>(_ body: @escaping @Sendable (RecordingClient, VirtualClock) async -> T) -> T {
        let client = self.client
        return run { clock in await body(client, clock) }
    }

    /// Registers `count` users directly in the store (not as traffic), as a run preloads them.
    public func preload(_ count: Int, email: (Int) -> String, password: String, permissions: PermissionSet) {
        let users = (0..<count).map { i in
            UserRecord(id: UserID(i), email: email(i), passwordHash: service.hashForStorage(password), permissions: permissions)
        }
        let seeding = parts.storeSeeding
        run { _ in try? await seeding.preload(users) }
    }
}
