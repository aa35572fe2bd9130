import Foundation
import Testing
@testable import StampedeReports

@Suite struct HTMLReportTests {
    let html = HTMLReport.render(Fixture.result())

    @Test func hasNoExternalReferences() throws {
        let patterns = [#"\bsrc\s*="#, #"href\s*=\s*["']?\s*(https?:|//|file:|data:)"#, #"@import"#, #"url\s*\("#,
                        #"<link\b"#, #"<script\b"#, #"<iframe\b"#, #"@font-face"#]
        for pattern in patterns {
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let hits = regex.numberOfMatches(in: html, range: NSRange(html.startIndex..., in: html))
            #expect(hits == 0, "found \(pattern)")
        }
    }

    @Test func hasEverySection() {
        for id in ["overview", "slos", "latency", "charts", "correctness", "cache"] {
            #expect(html.contains("id=\"\(id)\""), "missing #\(id)")
        }
    }

    @Test func escapesScenarioText() {
        #expect(html.contains("Login storm with a &lt;b&gt;cache&lt;/b&gt; outage &amp; a password change"))
        #expect(!html.contains("<b>cache</b>"))
    }

    @Test func showsVerdictInWordsAndColour() {
        #expect(html.contains("<header id=\"overview\" class=\"v-violated\">"))
        #expect(html.contains("<span class=\"verdict-word\">VIOLATED</span>"))
        var passing = Fixture.result()
        passing.verdict = .sloFailed
        #expect(HTMLReport.render(passing).contains("<span class=\"verdict-word\">SLO FAILED</span>"))
    }

    @Test func everyTimeChartShadesFaultsAndMarksSecurityEvents() {
        let timeCharts = 3
        #expect(html.components(separatedBy: "class=\"fault-band\"").count - 1 == timeCharts)
        #expect(html.components(separatedBy: "class=\"security-line\"").count - 1 == timeCharts)
        #expect(html.components(separatedBy: ">cache-down</text>").count - 1 == timeCharts)
        #expect(html.components(separatedBy: ">password-change</text>").count - 1 == timeCharts)
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4)
    }

    @Test func ordersOperationsCanonically() throws {
        let latency = try #require(html.range(of: "id=\"latency\""))
        let tail = html[latency.lowerBound...]
        let positions = try ["register", "login", "validate", "refresh", "logout"].map { name in
            try #require(tail.range(of: "<td>\(name)</td>")).lowerBound
        }
        #expect(positions == positions.sorted())
    }

    @Test func doesNotDependOnDictionaryOrder() {
        #expect(HTMLReport.render(Fixture.result(operationsCapacity: 97)) == html)
        #expect(HTMLReport.render(Fixture.result(operationsCapacity: 1_000)) == html)
    }

    @Test func showsTheWitnessOfEachViolation() {
        #expect(html.contains("validate session s-4711-2 -&gt; ok (served from stale cache)"))
        #expect(html.contains("00:40.350"))
        #expect(html.contains("<code>authorized_after_password_change</code>"))
    }

    @Test func hourLongRunStaysSmall() {
        let long = Fixture.result(windows: 3_600)
        let page = HTMLReport.render(long)
        #expect(page.utf8.count < 2_000_000)
        let longestPath = page.components(separatedBy: "<path d=\"").dropFirst()
            .map { $0.prefix { $0 != "\"" }.filter { $0 == "L" }.count }.max() ?? 0
        #expect(longestPath <= Downsample.maxPoints + 1)
        #expect(page.contains("max of 6 windows"))
    }

    @Test func rendersAnEmptyRun() {
        var empty = Fixture.result(windows: 0)
        empty.operations = [:]
        empty.timeline.operations = [:]
        empty.events = []
        empty.slos = []
        empty.violations = .init(count: 0, byInvariant: [:], items: [])
        let page = HTMLReport.render(empty)
        #expect(page.contains("no data"))
        #expect(page.contains("No SLOs declared."))
    }
}
