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

    /// Writes the fixture's full report folder where a person (or a headless browser) can
    /// look at it: `STAMPEDE_REPORT_DIR=/tmp/r swift test --filter writeFixtureReport`.
    @Test func writeFixtureReport() throws {
        guard let dir = ProcessInfo.processInfo.environment["STAMPEDE_REPORT_DIR"] else { return }
        _ = try ReportWriter.write(Fixture.result(), to: dir)
        _ = try ReportWriter.write(Fixture.result(windows: 3_600), to: dir + "-hour")
    }
}
