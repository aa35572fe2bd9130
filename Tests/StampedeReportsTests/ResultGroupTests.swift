import Foundation
import StampedeAnalysis
@testable import StampedeReports
import StampedeResult
import Testing

/// Finding saved results in folders and naming the comparison's columns.
@Suite struct ResultGroupTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-groups-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path

    func save(_ r: RunResult, _ folder: String) throws {
        _ = try ReportWriter.write(r, to: (dir as NSString).appendingPathComponent(folder))
    }

    func at(_ folder: String) -> String { (dir as NSString).appendingPathComponent(folder) }

    @Test func foldersBecomeColumnsAndSeedsAggregate() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var r = Fixture.result()
        try save(r, "base")
        for seed in [2, 10, 9] as [UInt64] { r.seed = seed; try save(r, "seeds/seed-\(seed)") }
        for (i, pool) in ["2", "16"].enumerated() {
            r.scenario.overrides = ["system.store.pool=\(pool)"]
            try save(r, "matrix/\(i + 1)-pool-\(pool)")
        }
        let groups = try ComparisonGroup.load([at("base"), at("seeds"), at("matrix") + "/", at("base/result.json")])
        #expect(groups.map(\.name) == ["base", "seeds", "pool=2", "pool=16", "base (2)"])
        #expect(groups[1].results.map(\.seed) == [2, 9, 10])
        let named = try ComparisonGroup.load([at("base"), at("seeds")], names: ["before", "after"])
        #expect(named.map(\.name) == ["before", "after"])
        #expect(ResultFiles.naturalOrder("seed-9", "seed-10") && !ResultFiles.naturalOrder("10-a", "2-a"))
    }

    @Test func badInputsNameTheFileAndTheKey() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(throws: ResultFileError.self) { try ComparisonGroup.load([at("nothing")]) }
        do {
            _ = try ResultFiles.load(at("nothing.json"))
        } catch {
            #expect(error.description.contains("nothing.json") && error.description.contains("no file"))
        }
        var object = try JSONSerialization.jsonObject(with: ResultJSON.encode(Fixture.result())) as! [String: Any]
        var meta = object["meta"] as! [String: Any]
        meta["host"] = nil
        object["meta"] = meta
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: at("broken.json")))
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: at("garbage.json")))
        for (file, words) in [("broken.json", ["missing key 'host' at meta"]), ("garbage.json", ["not a stampede result"])] {
            do {
                _ = try ResultFiles.load(at(file))
                Issue.record("\(file) loaded")
            } catch {
                #expect(error.description.hasPrefix(at(file) + ": error: "))
                for w in words { #expect(error.description.contains(w), "\(error)") }
            }
        }
        try save(Fixture.result(), "one")
        do {
            _ = try ComparisonGroup.load([at("one")], names: ["a", "b"])
            Issue.record("a names count mismatch was accepted")
        } catch {
            #expect(error.message.contains("--names gives 2 names but the arguments hold 1 run"))
        }
    }
}
