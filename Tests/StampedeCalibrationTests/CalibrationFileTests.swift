import Foundation
import StampedeKernel
import StampedeLanguage
import Testing

/// The calibration file: written and read back to the same values, and read by the scenario
/// loader into the same empirical points, with clear errors when a name or level is wrong.
@Suite struct CalibrationFileTests {
    @Test func theFileReadsBackToTheSameDocument() throws {
        let document = sampleDocument()
        let read = try CalibrationDocument.parse(yaml: document.yaml, path: "calibration.yaml")
        #expect(read == document)
    }

    @Test func durationsAreWrittenToTheNanosecond() {
        let cases: [(Int64, String)] = [(0, "0ns"), (999, "999ns"), (1_000, "1us"), (152_317, "152.317us"), (1_000_001, "1.000001ms"),
                                        (67_350_001, "67.350001ms"), (1_000_000_001, "1.000000001s"), (3_000_000_000, "3s")]
        for (ns, text) in cases {
            #expect(CalibrationDocument.exact(SimDuration(nanoseconds: ns)) == text)
        }
    }

    @Test func aScenarioGetsTheMeasuredPoints() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let document = sampleDocument()
        try scratch.write(document.yaml, to: "calibration.yaml")
        try scratch.write(scenario(system: """
            store: { pool: 2, latency: empirical(file: calibration.yaml, call: store.mix, concurrency: 4) }
            cache: { pool: 64, latency: empirical(file: calibration.yaml, call: cache.get) }
            service: { token_cost: empirical(file: calibration.yaml, call: cpu.token) }
            """), to: "scenario.yaml")
        let spec = try ScenarioLoader.load(path: scratch.path("scenario.yaml"))
        let mix = try #require(document.call("store.mix")?.level(4))
        #expect(spec.system.store.latency == .empirical(mix.points))
        #expect(spec.system.service.tokenCost == document.call("cpu.token")?.levels.first?.distribution)
        // Without concurrency, a pool above every level measured gets the highest, and a note says so.
        #expect(spec.system.cache.latency == document.call("cache.get")?.level(2)?.distribution)
        #expect(spec.notices.contains { $0.keyPath == "system.cache.latency" && $0.message.contains("measured up to concurrency 2") })
    }

    @Test func withoutConcurrencyTheLevelClosestToThePoolIsUsed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let document = sampleDocument()
        try scratch.write(document.yaml, to: "calibration.yaml")
        let mix = try #require(document.call("store.mix"))
        for (pool, expected) in [(1, 1), (3, 2), (5, 4), (6, 4), (7, 8), (20, 8)] {
            try scratch.write(scenario(system: "store: { pool: \(pool), latency: empirical(file: calibration.yaml, call: store.mix) }"),
                              to: "scenario.yaml")
            let spec = try ScenarioLoader.load(path: scratch.path("scenario.yaml"))
            #expect(spec.system.store.latency == mix.level(expected)?.distribution, "pool \(pool)")
            // A pool override picks its own level.
            let overridden = try ScenarioLoader.load(path: scratch.path("scenario.yaml"), overrides: [("system.store.pool", "2")])
            #expect(overridden.system.store.latency == mix.level(2)?.distribution)
        }
    }

    @Test func theHashCostIsScaledToTheScenariosIterations() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let document = sampleDocument()
        try scratch.write(document.yaml, to: "calibration.yaml")
        let measured = try #require(document.call("cpu.password_hash")?.levels.first)
        try scratch.write(scenario(system: """
            service: { password_hash: { iterations: 300000, cost: empirical(file: calibration.yaml, call: cpu.password_hash) } }
            """), to: "half.yaml")
        let half = try ScenarioLoader.load(path: scratch.path("half.yaml"))
        guard case .empirical(let points)? = half.system.service.hashCost else {
            Issue.record("no empirical hash cost: \(String(describing: half.system.service.hashCost))")
            return
        }
        #expect(points.map(\.percentile) == measured.points.map(\.percentile))
        #expect(points.map(\.value.nanoseconds) == measured.points.map { ($0.value.nanoseconds + 1) / 2 })
        #expect(half.notices.contains { $0.message.contains("scaled to this scenario's 300,000") })
        try scratch.write(scenario(system: """
            service: { password_hash: { cost: empirical(file: calibration.yaml, call: cpu.password_hash) } }
            """), to: "same.yaml")
        let same = try ScenarioLoader.load(path: scratch.path("same.yaml"))
        #expect(same.system.service.hashCost == measured.distribution)
        #expect(same.notices.isEmpty)
    }

    @Test func aMisspeltCallIsAnErrorAtItsLineWithTheNearestName() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(sampleDocument().yaml, to: "calibration.yaml")
        try scratch.write(scenario(system: "store: { latency: empirical(file: calibration.yaml, call: store.sesion) }"), to: "s.yaml")
        let error = try #require(loadError(scratch.path("s.yaml")))
        #expect(error.file == scratch.path("s.yaml"))
        #expect(error.line == 4)
        #expect(error.keyPath == "system.store.latency")
        #expect(error.suggestion == "store.session")
        #expect(error.message.contains("no call 'store.sesion' in calibration file"))
        #expect(error.expected?.contains("store.mix") == true)
        #expect(error.found == "'store.sesion'")
    }

    @Test func aBackendTheFileDidNotMeasureIsNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var document = sampleDocument()
        document.backends.removeAll { $0.role == "cache" }
        try scratch.write(document.yaml, to: "calibration.yaml")
        try scratch.write(scenario(system: "cache: { latency: empirical(file: calibration.yaml, call: cache.mix) }"), to: "s.yaml")
        let error = try #require(loadError(scratch.path("s.yaml")))
        #expect(error.message.contains("measured no cache (it has cpu, store)"), "\(error)")
    }

    @Test func aLevelNotMeasuredListsTheLevels() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(sampleDocument().yaml, to: "calibration.yaml")
        try scratch.write(scenario(system: "store: { latency: empirical(file: calibration.yaml, call: store.mix, concurrency: 3) }"),
                          to: "s.yaml")
        let error = try #require(loadError(scratch.path("s.yaml")))
        #expect(error.expected == "one of the measured levels 1, 2, 4, 8")
        #expect(error.found == "3")
    }

    @Test func aMissingFileNamesWhereItLooked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(scenario(system: "store: { latency: empirical(file: nowhere.yaml, call: store.mix) }"), to: "s.yaml")
        let error = try #require(loadError(scratch.path("s.yaml")))
        #expect(error.code == .unreadableFile)
        #expect(error.line == 4)
        #expect(error.message.contains(scratch.path("nowhere.yaml")), "\(error)")
        #expect(error.message.contains("calibration file not found"), "\(error)")
    }

    @Test func aBrokenCalibrationFileNamesItsOwnLineAndKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let document = sampleDocument()
        let p90 = try #require(document.call("store.mix")?.levels.first?.value(at: 90))
        let text = document.yaml.replacingOccurrences(of: "p90: \(CalibrationDocument.exact(p90)),", with: "p90: fast,")
        #expect(text != document.yaml, "the sample no longer has the value this test breaks")
        try scratch.write(text, to: "calibration.yaml")
        try scratch.write(scenario(system: "store: { latency: empirical(file: calibration.yaml, call: store.mix) }"), to: "s.yaml")
        let error = try #require(loadError(scratch.path("s.yaml")))
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("p90: fast") }) + 1
        #expect(error.line == 4)
        #expect(error.message.contains("\(scratch.path("calibration.yaml")):\(line):"), "\(error)")
        #expect(error.message.contains("backends.store.calls.store.mix.levels[0].p90"), "\(error)")
        #expect(error.message.contains("'fast'"), "\(error)")
    }

    @Test func theFileFormsArgumentsAreChecked() throws {
        let cases: [(String, String)] = [
            ("empirical(file: c.yaml)", "missing 'call'"),
            ("empirical(file: c.yaml, cal: store.mix)", "unknown argument 'cal'"),
            ("empirical(file: c.yaml, call: store.mix, p50: 1ms)", "percentile points and file: do not mix"),
            ("empirical(file: c.yaml, call: store.mix, concurrency: 0)", "concurrency is a whole number ≥ 1"),
            ("empirical(file: c.yaml, call: a, call: b)", "'call' is given twice"),
        ]
        for (text, words) in cases {
            let error = try #require(loadError(yaml: scenario(system: "store: { latency: \(text) }")), "\(text) loaded")
            #expect(error.message.contains(words), "\(text): \(error)")
            #expect(error.keyPath == "system.store.latency")
        }
        let error = try #require(loadError(yaml: scenario(system: "store: { latency: \"empirical(file: c.yaml, cal: x)\" }")))
        #expect(error.suggestion == "call")
    }

    @Test func aFileOfTheWrongFormatIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("format: something-else\nbackends: {}\n", to: "calibration.yaml")
        try scratch.write(scenario(system: "store: { latency: empirical(file: calibration.yaml, call: store.mix) }"), to: "s.yaml")
        let error = try #require(loadError(scratch.path("s.yaml")))
        #expect(error.message.contains("not a calibration file this version reads"), "\(error)")
        #expect(error.message.contains(CalibrationDocument.format), "\(error)")
    }
}

/// The shipped example and the calibration files it names stay in step.
@Suite struct ShippedCalibrationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theCalibratedScenarioTakesItsCostsFromTheCommittedFiles() throws {
        let spec = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/calibrated/moderate.yaml").path)
        let text = try String(contentsOf: Self.root.appendingPathComponent("calibration/redis-sqlite.yaml"), encoding: .utf8)
        let document = try CalibrationDocument.parse(yaml: text, path: "calibration/redis-sqlite.yaml")
        #expect(!document.meta.interrupted)
        #expect(spec.system.store.latency == document.call("store.mix")?.level(closestTo: spec.system.store.pool)?.distribution)
        #expect(spec.system.cache.latency == document.call("cache.mix")?.level(closestTo: spec.system.cache.pool)?.distribution)
        #expect(spec.system.service.tokenCost == document.call("cpu.token")?.levels.first?.distribution)
        #expect(spec.system.service.hashCost == document.call("cpu.password_hash")?.levels.first?.distribution)
        #expect(spec.notices.isEmpty, "\(spec.notices)")
        let postgres = try String(contentsOf: Self.root.appendingPathComponent("calibration/postgres.yaml"), encoding: .utf8)
        #expect(try CalibrationDocument.parse(yaml: postgres, path: "calibration/postgres.yaml").backend("store")?.kind == "postgres")
    }
}

func loadError(_ path: String) -> ScenarioError? {
    do { _ = try ScenarioLoader.load(path: path); return nil } catch { return error }
}

func loadError(yaml: String) -> ScenarioError? {
    do { _ = try ScenarioLoader.load(yaml: yaml, path: "/tmp/stampede-no-such-folder/s.yaml"); return nil } catch { return error }
}
