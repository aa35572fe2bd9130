import Foundation
import StampedeAnalysis
@testable import StampedeLanguage
@testable import StampedeReports
import StampedeResult
@testable import StampedeRunner
import Testing

/// `docs/result.schema.json` against real output: it must accept what `stampede run`
/// writes and reject a missing, misspelt or mistyped key.
@Suite struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func schema() throws -> JSONSchemaValidator {
        let data = try Data(contentsOf: repository.appendingPathComponent("docs/result.schema.json"))
        return JSONSchemaValidator(root: try JSONValue.parse(data))
    }

    /// The real result of `scenarios/smoke.yaml`, run in process (about a second).
    static let smoke: RunResult = {
        let path = repository.appendingPathComponent("scenarios/smoke.yaml").path
        let spec = try! ScenarioLoader.load(path: path)
        return Runner.run(spec, options: RunOptions(seed: 7))
    }()

    static func json(_ r: RunResult) throws -> JSONValue {
        try JSONValue.parse(try ResultJSON.encode(r))
    }

    @Test func acceptsTheRealResultOfTheSmokeScenario() throws {
        let errors = try Self.schema().errors(in: Self.json(Self.smoke))
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        #expect(!Self.smoke.timeline.pools.isEmpty, "the smoke run records per-window pool series")
    }

    @Test func acceptsAResultWithABaselineAndViolations() throws {
        var r = Self.smoke
        r.compare(withBaseline: Fixture.result(), file: "base/result.json", threshold: 0.1)
        #expect(r.baseline?.checks.isEmpty == false)
        #expect(try Self.schema().errors(in: Self.json(r)).isEmpty)
        #expect(try Self.schema().errors(in: Self.json(Fixture.result())).isEmpty, "violations with witnesses")
    }

    @Test(arguments: [
        ("exit_code", "exitcode"), ("meta.host", "hostname"), ("timeline.pools.store.queue_max", "queue_maximum"),
        ("operations.login.latency_ms.p99", "p_99"), ("simulated.requests", "request"),
    ])
    func rejectsAMisspeltKey(path: String, misspelling: String) throws {
        let document = try Self.json(Self.smoke)
        let changed = try #require(Self.renaming(path.split(separator: ".").map(String.init)[...], to: misspelling, in: document))
        let errors = try Self.schema().errors(in: changed)
        let original = String(path.split(separator: ".").last!)
        #expect(errors.contains { $0.contains("missing required key '\(original)'") }, "\(errors)")
        #expect(errors.contains { $0.contains(misspelling) && $0.contains("not allowed") }, "\(errors)")
    }

    @Test func rejectsWrongTypesAndValues() throws {
        guard case .object(var top) = try Self.json(Self.smoke), case .object(var meta)? = top["meta"] else {
            Issue.record("result is not an object"); return
        }
        meta["interrupted"] = .integer(0)
        top["meta"] = .object(meta)
        top["verdict"] = .string("passed")
        top["seed"] = .integer(-1)
        let errors = try Self.schema().errors(in: .object(top))
        #expect(errors.contains { $0.hasPrefix("$.meta.interrupted: expected boolean") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("$.verdict:") && $0.contains("not one of") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("$.seed:") && $0.contains("below the minimum") }, "\(errors)")
    }

    @Test func everyKeyIsDocumentedAndTheValidatorKnowsEveryKeyword() throws {
        let schema = try Self.schema()
        #expect(schema.root["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        var undocumented: [String] = []
        Self.walk(schema.root, path: "$") { path, node in
            if case .object(let properties)? = node["properties"] {
                for (key, property) in properties where property["description"] == nil { undocumented.append("\(path).\(key)") }
            }
            if case .object(let o) = node {
                for key in o.keys where !JSONSchemaValidator.understood.contains(key) && !path.hasSuffix("properties")
                    && !path.hasSuffix("$defs") {
                    undocumented.append("\(path): unsupported keyword \(key)")
                }
            }
        }
        #expect(undocumented.isEmpty, "\(undocumented.sorted())")
    }

    /// The document with the last key of `path` renamed.
    static func renaming(_ path: ArraySlice<String>, to name: String, in value: JSONValue) -> JSONValue? {
        guard case .object(var object) = value, let key = path.first, let child = object[key] else { return nil }
        if path.count == 1 {
            object[key] = nil
            object[name] = child
        } else {
            guard let renamed = renaming(path.dropFirst(), to: name, in: child) else { return nil }
            object[key] = renamed
        }
        return .object(object)
    }

    static func walk(_ node: JSONValue, path: String, _ visit: (String, JSONValue) -> Void) {
        visit(path, node)
        switch node {
        case .object(let o): for key in o.keys.sorted() { walk(o[key]!, path: "\(path).\(key)", visit) }
        case .array(let a): for (i, item) in a.enumerated() { walk(item, path: "\(path)[\(i)]", visit) }
        default: break
        }
    }
}
