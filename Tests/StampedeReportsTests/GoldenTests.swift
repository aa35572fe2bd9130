import Foundation
import Testing
@testable import StampedeReports

/// The fixture's HTML report, byte for byte. Regenerate after an intended change with
/// `STAMPEDE_UPDATE_GOLDEN=1 swift test --filter StampedeReportsTests`, then look at it.
@Suite struct GoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/report.html")

    @Test func htmlMatchesGoldenFile() throws {
        let html = HTMLReport.render(Fixture.result())
        if ProcessInfo.processInfo.environment["STAMPEDE_UPDATE_GOLDEN"] == "1" {
            try Data(html.utf8).write(to: Self.golden, options: .atomic)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(html == expected, "index.html differs from Golden/report.html; see GoldenTests to update it")
    }

    /// Writes the fixture's full report folder and reads it back; set STAMPEDE_REPORT_DIR to keep
    /// it where a person (or a headless browser) can look at it:
    /// `STAMPEDE_REPORT_DIR=/tmp/r swift test --filter writeFixtureReport`.
    @Test func writeFixtureReport() throws {
        let kept = ProcessInfo.processInfo.environment["STAMPEDE_REPORT_DIR"]
        let dir = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("stampede-golden-\(UUID().uuidString)").path
        defer { if kept == nil { try? FileManager.default.removeItem(atPath: dir) } }
        for (folder, result) in [(dir, Fixture.result()), (dir + "-hour", Fixture.result(windows: 3_600))] {
            defer { if kept == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let paths = try ReportWriter.write(result, to: folder)
            #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ReportWriter.fileNames)
            let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
            #expect(html == HTMLReport.render(result))
            let reread = try ResultFiles.load(folder + "/result.json")
            #expect(reread.scenario.name == result.scenario.name)
            #expect(try ResultJSON.encode(reread) == ResultJSON.encode(result), "result.json does not read back as written")
            for name in ["junit.xml", "summary.md"] {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                #expect(text.contains(result.scenario.name), "\(name) does not name the scenario")
            }
        }
    }
}
