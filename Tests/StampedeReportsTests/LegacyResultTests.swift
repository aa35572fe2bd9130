import Foundation
import Testing
@testable import StampedeReports
import StampedeResult

/// Results written before issue 5 (camelCase `exitCode`, no overrides, no pool or extra
/// series) and before issue 9 (no `schema_version`) still load, so `report` and `compare`
/// work on old result.json files.
@Suite struct LegacyResultTests {
    @Test func anOlderResultStillDecodes() throws {
        var object = try JSONSerialization.jsonObject(with: ResultJSON.encode(Fixture.result())) as! [String: Any]
        object["exitCode"] = object.removeValue(forKey: "exit_code")
        var scenario = object["scenario"] as! [String: Any]
        scenario["overrides"] = nil
        object["scenario"] = scenario
        var timeline = object["timeline"] as! [String: Any]
        timeline["pools"] = nil
        timeline["series"] = nil
        object["timeline"] = timeline
        let old = try JSONSerialization.data(withJSONObject: object)
        let r = try ResultFiles.decode(old, path: "old/result.json")
        #expect(r.exitCode == 3 && r.scenario.overrides.isEmpty && r.timeline.pools.isEmpty && r.timeline.series.isEmpty)
        let written = String(decoding: try ResultJSON.encode(r), as: UTF8.self)
        #expect(written.contains("\"exit_code\" : 3") && !written.contains("exitCode"), "re-encoding upgrades the key")
        #expect(HTMLReport.render(r) == HTMLReport.render(Fixture.result()))
    }

    @Test func withoutEitherExitCodeKeyTheErrorNamesTheNewOne() throws {
        var object = try JSONSerialization.jsonObject(with: ResultJSON.encode(Fixture.result())) as! [String: Any]
        object["exit_code"] = nil
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try ResultFiles.decode(data, path: "x.json")
            Issue.record("decoded without an exit code")
        } catch {
            #expect(error.description == "x.json: error: not a stampede result: missing key 'exit_code' at the top level")
        }
    }

    /// Results written before `schema_version` existed (every result before issue 9) load as
    /// layout 0 and are written back in the current layout.
    @Test func aResultWithoutSchemaVersionStillDecodes() throws {
        var object = try JSONSerialization.jsonObject(with: ResultJSON.encode(Fixture.result())) as! [String: Any]
        #expect(object["schema_version"] as? Int == RunResult.schemaVersion)
        object["schema_version"] = nil
        let old = try JSONSerialization.data(withJSONObject: object)
        let r = try ResultFiles.decode(old, path: "old/result.json")
        #expect(r.verdict == .violated && r.operations[.login]?.count == 6_020 && r.violations.byInvariant[.afterPasswordChange] == 1)
        #expect(try ResultJSON.encode(r) == ResultJSON.encode(Fixture.result()), "re-encoding adds schema_version")
    }

    @Test func aNewerSchemaIsRefusedWithAMessageNamingIt() throws {
        var object = try JSONSerialization.jsonObject(with: ResultJSON.encode(Fixture.result())) as! [String: Any]
        object["schema_version"] = RunResult.schemaVersion + 1
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try ResultFiles.decode(data, path: "new.json")
            Issue.record("decoded a result from a newer layout")
        } catch {
            #expect(error.description == "new.json: error: not a stampede result: written by a newer stampede "
                + "(schema_version \(RunResult.schemaVersion + 1); this one reads up to \(RunResult.schemaVersion)) at schema_version")
        }
    }

    @Test func anUnknownNameIsAnErrorThatSaysWhere() throws {
        var object = try JSONSerialization.jsonObject(with: ResultJSON.encode(Fixture.result())) as! [String: Any]
        object["verdict"] = "passed"
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try ResultFiles.decode(data, path: "x.json")
            Issue.record("decoded an unknown verdict")
        } catch {
            #expect(error.description.hasPrefix("x.json: error: not a stampede result: "))
            #expect(error.description.hasSuffix(" at verdict"))
        }
    }
}
