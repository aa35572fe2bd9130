import Foundation
import StampedeCapacity
import StampedeLanguage
import StampedeReports
import StampedeResult
import Testing

/// `docs/capacity.schema.json` against a real search's `capacity.json`, and the pages written from it.
@Suite struct CapacitySchemaTests {
    static let yaml = """
        name: capacity-schema
        seed: 3
        duration: 20s
        users: { count: 20000, preregistered: 0%, popularity: zipf(0) }
        system:
          service: { cores: 32, password_hash: { iterations: 1000, simulated_iterations: 1, cost: constant(1us) } }
          store: { pool: 2, latency: exponential(mean: 10ms) }
          cache: { pool: 8, profiles: { strategy: none }, permissions: { strategy: none } }
        traffic:
          phases: [{ name: load, for: 20s, rate: poisson(100/s) }]
          journeys: { signup: { weight: 100%, steps: [register] } }
        slos:
          - store.write.wait.p99 < 50ms
        """

    static func result() async throws -> CapacityResult {
        let path = NSTemporaryDirectory() + "stampede-capacity-schema-\(getpid()).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spec = try ScenarioLoader.load(path: path)
        var options = CapacityOptions(seeds: [3, 4])
        options.targetFactor = 1.5
        options.explain = true
        let search = CapacitySearch(executor: InProcessProbes(), context: CapacityContext(file: path), options: options, spec: spec)
        let f = await search.run()
        return CapacityResult(
            version: StampedeVersion.current,
            scenario: ScenarioInfo(name: spec.name, description: spec.description, file: path, sha256: spec.sourceSHA256),
            settings: CapacitySettings(phase: nil, slos: spec.slos.map(\.expression), seeds: options.seeds, resolution: options.resolution,
                                       targetFactor: options.targetFactor, headroom: options.headroom, coresPerInstance: nil, overrides: []),
            baseRate: search.baseRate, maximum: f.maximum, probes: f.probes, firstSaturated: f.firstSaturated, firstBreach: f.firstBreach,
            sizing: f.sizing, explanations: f.explanations, exitCode: f.exitCode, interrupted: f.interrupted,
            meta: CapacityMeta(startedAt: "2026-01-01T00:00:00Z", wallSeconds: 1, jobs: 1, runs: search.runCount, host: "test",
                               command: "stampede capacity"))
    }

    @Test func aRealCapacityResultMatchesItsSchema() async throws {
        let r = try await Self.result()
        #expect(r.sizing != nil && r.explanations != nil && r.maximum != nil)
        #expect(r.exitCode == 1, "150/s with 50% headroom is beyond 2 connections")
        let data = try Data(contentsOf: SchemaTests.repository.appendingPathComponent("docs/capacity.schema.json"))
        let schema = JSONSchemaValidator(root: try JSONValue.parse(data))
        let errors = schema.errors(in: try JSONValue.parse(CapacityWriter.encode(r)))
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        // A misspelt key is refused.
        var broken = try JSONSerialization.jsonObject(with: CapacityWriter.encode(r)) as! [String: Any]
        broken["base_rates"] = broken.removeValue(forKey: "base_rate")
        #expect(!schema.errors(in: try JSONValue.parse(JSONSerialization.data(withJSONObject: broken))).isEmpty)
        // The pages say the same answer.
        let html = CapacityHTML.render(r), md = CapacityMarkdown.render(r)
        let sentence = CapacityFormat.maximumSentence(r)
        #expect(md.contains(sentence))
        #expect(html.contains(sentence.replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")))
        #expect(html.contains("id=\"sizing\"") && html.contains("id=\"explain\""))
        #expect(md.contains("--set system.store.pool="))
    }
}
