// swift-tools-version: 6.1
import PackageDescription

// One module per part of the architecture (../shared/DESIGN.md, "Parts and the
// direction of their dependencies"). Each depends only on the parts listed before it.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "Stampede",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stampede", targets: ["stampede"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The transport of the Redis client in StampedeRedis: no Redis client is mirrored.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // 1. Simulation kernel: time, executors, randomness, distributions, pools.
        //    CStampedeRouting hands the runtime's global enqueues made during a virtual run to
        //    the run's executor, so simulated tasks need no task-executor preference.
        .target(name: "CStampedeRouting"),
        .target(
            name: "StampedeKernel",
            dependencies: ["CStampedeRouting", .product(name: "Collections", package: "swift-collections")],
            swiftSettings: strict
        ),
        // 0. Result: the typed result model, its vocabulary and the metric registry. A leaf:
        //    reports and `compare` read results through it without linking the simulator.
        .target(name: "StampedeResult", swiftSettings: strict),
        // 2. Auth model: ids, records, operations, outcomes, history events.
        .target(name: "StampedeModel", dependencies: ["StampedeKernel", "StampedeResult"], swiftSettings: strict),
        // 3. Store: the authoritative store protocol and the modeled in-memory store.
        .target(name: "StampedeStore", dependencies: ["StampedeModel"], swiftSettings: strict),
        // What starting a server of our own takes (temp folder, free loopback port, the process
        // and its log): shared by the managed redis-server and PostgreSQL. Foundation only.
        .target(name: "StampedeServers", swiftSettings: strict),
        // 3. The real stores beside the model: the same protocol over PostgreSQL and SQLite.
        .target(
            name: "StampedePostgres",
            dependencies: ["StampedeStore", "StampedeServers", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict
        ),
        .target(
            name: "StampedeSQLite",
            dependencies: ["StampedeStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // 4. Cache: the cache protocol and the in-process cache.
        .target(
            name: "StampedeCache",
            dependencies: ["StampedeStore", .product(name: "Collections", package: "swift-collections")],
            swiftSettings: strict
        ),
        // 4b. The real twin of the cache: a RESP client on swift-nio, the `AuthCache` over it, and
        //     a managed redis-server process. Wall-clock only.
        .target(
            name: "StampedeRedis",
            dependencies: [
                "StampedeCache", "StampedeServers",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // 5. Faults: decorators that inject faults from a plan.
        .target(name: "StampedeFaults", dependencies: ["StampedeCache"], swiftSettings: strict),
        // 6. Auth service.
        .target(
            name: "StampedeAuth",
            dependencies: [
                "StampedeFaults",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // 7. Checker: history stream in, violations out.
        .target(
            name: "StampedeChecker",
            dependencies: ["StampedeModel", .product(name: "Collections", package: "swift-collections")],
            swiftSettings: strict
        ),
        // 8. Metrics: HDR histograms, counters, time series.
        .target(
            name: "StampedeMetrics",
            dependencies: ["StampedeModel", .product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: strict
        ),
        // 9. System: the composition root. Builds the whole system under test — pools, store
        //    and cache from the backend registry, their fault and resilience layers, the service
        //    and the boundary the workload drives — from typed configuration (`SystemSpec`).
        .target(name: "StampedeSystem", dependencies: ["StampedeAuth"], swiftSettings: strict),
        // 10. Workload: population, arrivals and journeys, driving an `AuthSystem`.
        .target(name: "StampedeWorkload", dependencies: ["StampedeModel", "StampedeMetrics"], swiftSettings: strict),
        // 11. Analysis: SLO judgement (whole-run and scoped), recovery, burn rate, baseline and
        //     comparison statistics. Reads results only, never the simulator.
        .target(name: "StampedeAnalysis", dependencies: ["StampedeResult"], swiftSettings: strict),
        // 12. Language: the scenario file to a typed spec, and its errors.
        .target(
            name: "StampedeLanguage",
            dependencies: [
                "StampedeSystem", "StampedeWorkload", "StampedeAnalysis",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The real backends a scenario names, started or reached before a wall-clock run and
        // wired into its registry: Redis, PostgreSQL, SQLite.
        .target(
            name: "StampedeBackends",
            dependencies: ["StampedeSystem", "StampedeRedis", "StampedePostgres", "StampedeSQLite"],
            swiftSettings: strict),
        // 13. Runner: one run composed from a spec, driven, and turned into a result.
        .target(
            name: "StampedeRunner",
            dependencies: ["StampedeLanguage", "StampedeSystem", "StampedeBackends", "StampedeWorkload", "StampedeAnalysis",
                           "StampedeChecker", "StampedeMetrics"],
            swiftSettings: strict
        ),
        // 13b. Calibration: the real backends and this machine's CPU measured over a concurrency
        //      sweep into a calibration file the scenario language reads (`stampede calibrate`),
        //      and the real backends' own benchmarks (`stampede bench --redis`, `--stores`).
        .target(
            name: "StampedeCalibration",
            dependencies: ["StampedeLanguage", "StampedeSystem", "StampedeAuth", "StampedeRedis", "StampedePostgres", "StampedeSQLite"],
            swiftSettings: strict
        ),
        // 13c. Capacity: the searches of `stampede capacity` (maximum rate, sizing, explain) over
        //      probes, each a virtual-time run of the scaled scenario.
        .target(
            name: "StampedeCapacity",
            dependencies: ["StampedeLanguage", "StampedeRunner", "StampedeAnalysis", "StampedeResult"],
            swiftSettings: strict
        ),
        // 14. Reports: pure writers from a result and its analysis, never the simulator.
        .target(name: "StampedeReports", dependencies: ["StampedeResult", "StampedeAnalysis"], swiftSettings: strict),
        // 15. CLI. CStampedeAlloc counts heap allocations for `stampede bench` (its malloc
        //     wrappers interpose glibc's in this executable only).
        .target(name: "CStampedeAlloc"),
        .executableTarget(
            name: "stampede",
            dependencies: [
                "StampedeReports", "StampedeResult", "StampedeAnalysis", "StampedeLanguage", "StampedeRunner", "StampedeSystem",
                "StampedeCalibration", "StampedeCapacity", "CStampedeAlloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // What the test targets share: the one test system (built by the composition root), a
        // recording probe, locks for task closures, planted-bug decorators, a hand-built result.
        .target(
            name: "StampedeTestSupport", dependencies: ["StampedeSystem"], path: "Tests/StampedeTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "StampedeResultTests", dependencies: ["StampedeResult", "StampedeTestSupport"], swiftSettings: strict),
        .testTarget(name: "StampedeKernelTests", dependencies: ["StampedeKernel", "StampedeTestSupport"], swiftSettings: strict),
        .testTarget(name: "StampedeFaultsTests", dependencies: ["StampedeFaults", "StampedeSystem", "StampedeTestSupport"], swiftSettings: strict),
        .testTarget(
            // One store contract, run against the model and each real twin.
            name: "StampedeStoreTests",
            dependencies: ["StampedeStore", "StampedePostgres", "StampedeSQLite", "StampedeServers", "StampedeTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "StampedeCacheTests", dependencies: ["StampedeCache"], swiftSettings: strict),
        .testTarget(
            name: "StampedeRedisTests",
            dependencies: [
                "StampedeRedis", "StampedeTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "StampedeAuthTests", dependencies: ["StampedeAuth", "StampedeSystem", "StampedeTestSupport"], swiftSettings: strict),
        .testTarget(name: "StampedeCheckerTests", dependencies: ["StampedeChecker"], swiftSettings: strict),
        .testTarget(name: "StampedeMetricsTests", dependencies: ["StampedeMetrics"], swiftSettings: strict),
        .testTarget(
            name: "StampedeScenarioTests",
            dependencies: [
                "StampedeLanguage", "StampedeWorkload", "StampedeSystem", "StampedeAnalysis", "StampedeRunner", "StampedeTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            // End to end on the wall clock against managed redis-server, PostgreSQL and SQLite.
            name: "StampedeBackendsTests",
            dependencies: ["StampedeLanguage", "StampedeSystem", "StampedeRunner", "StampedeResult", "StampedeTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StampedeCalibrationTests",
            dependencies: ["StampedeCalibration", "StampedeLanguage", "StampedeKernel", "StampedeRedis", "StampedeServers", "StampedeTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            // The runner and the capacity search only for the schema tests, which check real output.
            name: "StampedeReportsTests", dependencies: ["StampedeReports", "StampedeRunner", "StampedeCapacity"],
            exclude: ["Golden"],  // golden files, read by path from the tests
            swiftSettings: strict
        ),
        .testTarget(
            name: "StampedeCapacityTests", dependencies: ["StampedeCapacity", "StampedeLanguage", "StampedeResult"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StampedeCLITests", dependencies: ["stampede"],
            exclude: ["Fixtures", "Snapshots"],  // malformed scenarios and help texts, read by path
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
