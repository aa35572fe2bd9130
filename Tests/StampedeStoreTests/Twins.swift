import Foundation
import StampedeKernel
import StampedeModel
import StampedePostgres
import StampedeSQLite
import StampedeStore
import StampedeTestSupport
import Synchronization
import Testing

/// The store implementations the contract runs against: the model and each real twin.
enum Twin: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case model, sqlite, postgres

    var testDescription: String { rawValue }

    /// Sessions issued longer ago than this are forgotten at the next insert, in every twin.
    static let retention = SimDuration.minutes(60)
    /// Users the model has room for (ids below this).
    static let users = 100

    /// Runs `body` against a fresh, empty store of this kind, and tears the store down after,
    /// whether `body` returns or throws.
    func run(observer: (any SystemProbe)? = nil, _ body: @escaping @Sendable (StoreRig) async throws -> Void) async throws {
        switch self {
        case .model: try runOnVirtualTime(observer, body)
        case .sqlite: try await runOnSQLite(observer, body)
        case .postgres: try await runOnPostgres(observer, body)
        }
    }

    /// The model on a virtual clock: the whole body, its concurrent tasks included, runs on
    /// one virtual executor, each call taking 2 ms of virtual time on a pool of 8.
    private func runOnVirtualTime(_ observer: (any SystemProbe)?, _ body: @escaping @Sendable (StoreRig) async throws -> Void) throws {
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let store = InMemoryStore(
            resource: ModeledResource(pool: ResourcePool(name: "store", capacity: 8, clock: clock),
                                      latency: LatencySource(.constant(.milliseconds(2)), seed: SeedTree(1))),
            clock: clock, userCapacity: Self.users, retention: Self.retention, observer: observer)
        let rig = StoreRig(store: store, seeding: store, clock: clock)
        let outcome = Locked<Result<Void, any Error>?>(nil)
        TaskSpawner(executor: executor).spawn {
            do { try await body(rig); outcome.withLock { $0 = .success(()) } } catch { outcome.withLock { $0 = .failure(error) } }
        }
        _ = executor.run()
        guard let result = outcome.value else {
            Issue.record("the body never finished: a task waited on something the virtual executor could not resume")
            return
        }
        try result.get()
    }

    private func runOnSQLite(_ observer: (any SystemProbe)?, _ body: @escaping @Sendable (StoreRig) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clock = ManualClock()
        let store = try SQLiteStore(path: dir.appendingPathComponent("store.sqlite").path, poolSize: 8, clock: clock,
                                    retention: Self.retention, observer: observer)
        try await body(StoreRig(store: store, seeding: store, clock: clock))
    }

    private func runOnPostgres(_ observer: (any SystemProbe)?, _ body: @escaping @Sendable (StoreRig) async throws -> Void) async throws {
        let server = try #require(SharedPostgres.current, "the suite needs the .managedPostgres trait")
        let clock = ManualClock()
        // No connection wait: the server is up throughout, and a test process starved of
        // threads by the rest of the suite must not turn a slow lease into `.unavailable`.
        let store = try await PostgresStore.open(url: server.url, poolSize: 8, clock: clock, retention: Self.retention,
                                                 observer: observer, connectionWait: nil, backgroundExecutor: storeTestsThread)
        do {
            try await body(StoreRig(store: store, seeding: store, clock: clock))
        } catch {
            await store.close(dropSchema: true)
            throw error
        }
        await store.close(dropSchema: true)
    }
}

/// One store under test, its seeding, and the clock its calls run on.
struct StoreRig: Sendable {
    let store: any AuthStore
    let seeding: any AsyncStoreSeeding
    let clock: any SimClock

    /// Runs `body(0) … body(n - 1)` at once and returns their results in that order.
    func concurrently<T: Sendable>(_ n: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for i in 0..<n { group.addTask { (i, try await body(i)) } }
            var results = [T?](repeating: nil, count: n)
            for try await (i, r) in group { results[i] = r }
            return results.map { $0! }
        }
    }
}

/// A clock the test moves: `sleep(for:)` advances it at once. The real stores only read the
/// clock (for the retention sweep and the observer), so this lets a test cross an hour.
final class ManualClock: SimClock {
    private let instant = Mutex(SimInstant.zero)
    var now: SimInstant { instant.withLock { $0 } }
    var spawner: TaskSpawner { TaskSpawner(executor: nil) }
    var virtualExecutor: VirtualExecutor? { nil }
    func sleep(for duration: SimDuration) async throws {
        instant.withLock { $0 = $0 + max(duration, .zero) }
    }
}

/// The PostgreSQL server a suite shares (each test still gets a schema of its own).
enum SharedPostgres {
    @TaskLocal static var current: ManagedPostgresServer?
}

/// Starts a managed PostgreSQL server for the suite and stops it after, however the suite ends.
/// If PostgreSQL is not installed the suite fails with `StoreStartError`'s message.
struct ManagedPostgresTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    @concurrent func provideScope(for test: Test, testCase: Test.Case?,
                                  performing function: @concurrent @Sendable () async throws -> Void) async throws {
        try await storeTestsThread.run {
            try await ManagedPostgresServer.withServer(.forTests) { server in
                try await SharedPostgres.$current.withValue(server) { try await function() }
            }
        }
    }
}

/// The PostgreSQL tests' own thread (see `WallClockThread`): a pool call waiting for the
/// cooperative threads, held by other suites' simulations, outlived its 10 s connection wait
/// in a full `swift test` and failed as unavailable while the server was idle.
let storeTestsThread = WallClockThread(name: "stampede-store-tests")

extension ManagedPostgresServer.Options {
    /// For tests: parallel tests each hold a pool of 8; fsync off, since these tests check
    /// semantics, not durability; and a start timeout for a full `swift test`, whose CPU-bound
    /// tests can keep this process's threads busy for minutes.
    static var forTests: Self {
        Self(settings: ["max_connections": "300", "fsync": "off"], startTimeout: .seconds(300))
    }
}

extension Trait where Self == ManagedPostgresTrait {
    static var managedPostgres: Self { Self() }
}
