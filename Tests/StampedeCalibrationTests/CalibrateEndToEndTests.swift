import Foundation
import StampedeServers
import StampedeCalibration
import StampedeKernel
import StampedeLanguage
import StampedeRedis
import Synchronization
import Testing

/// `stampede calibrate` for real: against a managed redis-server and SQLite, with steps of a
/// few milliseconds. What is checked is the file's shape and that scenarios can use it, never
/// how fast anything was.
@Suite(.serialized) struct CalibrateEndToEndTests {
    static let cacheCalls = ["cache.mix", "cache.get", "cache.get_miss", "cache.set", "cache.update", "cache.delete", "cache.incr",
                             "cache.get_leased", "cache.set_leased", "cache.compare_and_set"]
    static let storeCalls = ["store.mix", "store.query", "store.write", "store.user_by_email", "store.user_by_id", "store.session",
                             "store.failed_logins", "store.otp", "store.insert_session", "store.touch_session", "store.rotate_refresh",
                             "store.record_failed_login", "store.clear_failed_logins", "store.put_otp", "store.consume_otp",
                             "store.insert_user", "store.update_password", "store.update_permissions", "store.revoke_session",
                             "store.revoke_user_sessions"]

    func options(_ scratch: Scratch) -> CalibrationOptions {
        var options = CalibrationOptions()
        options.cache = .managed
        options.store = .sqlite(path: nil)
        options.out = scratch.path("out/calibration.yaml")
        options.secondsPerStep = 0.02
        options.maxConcurrency = 2
        options.hashIterations = 1_000
        return options
    }

    @Test func calibratesEveryCallAndAScenarioLoadsTheFile() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let lines = Lines()
        let outcome = try await onCalibrationThread {
            try await Calibrator(options: options(scratch), progress: { lines.append($0) }).run()
        }
        let document = outcome.document
        #expect(!outcome.interrupted)
        #expect(document.backends.map(\.role) == ["cpu", "cache", "store"])
        #expect(document.call("cpu.password_hash")?.levels.count == 1)
        #expect(document.cpu?.hashIterations == 1_000)
        #expect((document.cpu?.nanosecondsPerIteration ?? 0) > 0)
        #expect(document.backend("cache")?.kind == "redis")
        #expect(document.backend("cache")?.version.first?.isNumber == true, "INFO server's redis_version")
        #expect(document.backend("store")?.kind == "sqlite")
        #expect(document.backend("store")?.version.hasPrefix("3.") == true)
        #expect(document.backend("cache")?.calls.map(\.name) == Self.cacheCalls)
        #expect(document.backend("store")?.calls.map(\.name) == Self.storeCalls)
        for role in ["cache", "store"] {
            let backend = try #require(document.backend(role))
            let saturation = try #require(backend.saturation, "\(role) has no saturation")
            #expect(saturation.call == "\(role).mix")
            #expect(saturation.throughput > 0)
            for call in backend.calls {
                #expect(!call.levels.isEmpty, "\(call.name) has no level")
                #expect(call.levels.map(\.concurrency).allSatisfy { [1, 2].contains($0) }, "\(call.name)")
                for level in call.levels {
                    #expect(level.points.map(\.percentile) == CalibrationDocument.percentiles)
                    #expect(Distribution.empirical(level.points).problem == nil)
                    #expect(level.errors == 0, "\(call.name) at \(level.concurrency): \(level.errors) errors")
                }
            }
        }
        // Progress: a line per step, and one per finished sweep.
        #expect(lines.all.contains { $0.contains("store.session") && $0.contains("c=1") })
        #expect(lines.all.contains { $0.contains("cache.mix:") })

        // What was written is what was measured, and a scenario beside it can use every table.
        let text = try String(contentsOfFile: scratch.path("out/calibration.yaml"), encoding: .utf8)
        // (Throughput and seconds are rounded for reading; the tables are exact.)
        let written = try CalibrationDocument.parse(yaml: text, path: "calibration.yaml")
        func tables(_ d: CalibrationDocument) -> [String] {
            d.calls.flatMap { call in call.levels.map { "\(call.name) \($0.concurrency) \($0.calls) \($0.errors) \($0.points)" } }
        }
        #expect(tables(written) == tables(document))
        #expect(written.backends.map(\.version) == document.backends.map(\.version))
        try scratch.write(scenario(system: """
            store: { pool: 2, latency: empirical(file: calibration.yaml, call: store.mix) }
            cache: { pool: 1, latency: empirical(file: calibration.yaml, call: cache.get, concurrency: 1) }
            service: { token_cost: empirical(file: calibration.yaml, call: cpu.token), password_hash: { iterations: 1000, cost: empirical(file: calibration.yaml, call: cpu.password_hash) } }
            """), to: "out/scenario.yaml")
        let spec = try ScenarioLoader.load(path: scratch.path("out/scenario.yaml"))
        let mix = try #require(document.call("store.mix"))
        #expect(spec.system.store.latency == mix.level(closestTo: 2)?.distribution)
        #expect(spec.system.cache.latency == document.call("cache.get")?.level(1)?.distribution)
        #expect(spec.system.service.hashCost == document.call("cpu.password_hash")?.levels.first?.distribution)
    }

    @Test func ctrlCStopsAndStillWritesWhatWasMeasured() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // "Ctrl-C" after the third step line: the cache mix has started, the store is untouched.
        let lines = Lines()
        var changed = options(scratch)
        changed.measureCPU = false
        let options = changed
        let outcome = try await onCalibrationThread {
            try await Calibrator(options: options, progress: { lines.append($0) }, shouldStop: { lines.steps >= 3 }).run()
        }
        #expect(outcome.interrupted)
        let text = try String(contentsOfFile: options.out, encoding: .utf8)
        let written = try CalibrationDocument.parse(yaml: text, path: options.out)
        #expect(written.meta.interrupted)
        #expect(written.backend("cache")?.calls.isEmpty == false, "the measured steps were not kept")
        #expect(written.backend("store") == nil)
    }

    @Test func anUnreachableRedisIsAClearErrorBeforeAnyWork() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let port = try closedPort()
        var changed = options(scratch)
        changed.cache = .redis(host: "127.0.0.1", port: port, database: 0)
        let options = changed
        // An earlier calibration at --out survives a run that could not start.
        try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: true)
        try "an earlier calibration".write(toFile: options.out, atomically: true, encoding: .utf8)
        let lines = Lines()
        let error = await #expect(throws: CalibrationError.self) {
            try await onCalibrationThread { try await Calibrator(options: options, progress: { lines.append($0) }).run() }
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("redis://127.0.0.1:\(port)/0") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("tried TCP to 127.0.0.1:\(port)") == true, "\(error?.message ?? "")")
        #expect(lines.all.isEmpty, "work started before the connection was checked")
        #expect(try String(contentsOfFile: options.out, encoding: .utf8) == "an earlier calibration")
        #expect(!FileManager.default.fileExists(atPath: options.out + ".check"))
    }

    @Test func anUnwritableOutIsRefusedBeforeAnyServerStarts() async throws {
        var options = CalibrationOptions()
        options.out = "/proc/stampede-cannot-write/calibration.yaml"
        let error = await #expect(throws: CalibrationError.self) { try await Calibrator(options: options).run() }
        #expect(error?.code == .badArgument)
        #expect(error?.message.contains("--out") == true)
    }
}

/// Progress lines, shared with the calibration's tasks.
final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    /// Lines that report one step (`c=N`).
    var steps: Int { lines.withLock { $0.filter { $0.contains(" c=") }.count } }
}

/// A loopback port nothing listens on: bound, read, and released.
func closedPort() throws -> Int { try LocalServer.freeLoopbackPort() }
