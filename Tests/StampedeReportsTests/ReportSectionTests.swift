import Foundation
import Testing
@testable import StampedeReports
import StampedeResult

/// Report sections added for issue 5: grouped SLOs, pool load over time, the hook for
/// optional series, exposure windows, and size on an hour-long run.
@Suite struct ReportSectionTests {
    static func withPools(windows: Int = 60) -> RunResult {
        var r = Fixture.result(windows: windows)
        for (name, scale) in [(PoolKind.store, 0.9), (.cache, 0.2), (.cores, 0.6)] {
            r.timeline.pools[name] = PoolSeries(utilization: (0..<windows).map { i in min(1, scale * (1 + 0.1 * sin(Double(i)))) },
                                                queueMean: (0..<windows).map { Double($0 % 7) * scale },
                                                queueMax: (0..<windows).map { $0 % 9 })
        }
        return r
    }

    @Test func slosAreGroupedBySubject() {
        let html = HTMLReport.render(Fixture.result())
        let titles = SLOGroups.grouped(Fixture.slos()).map(\.title)
        #expect(titles == ["login requests", "validate requests", "store calls", "errors"])
        #expect(html.contains("<tr class=\"group\"><th colspan=\"5\" scope=\"rowgroup\">login requests <span class=\"dim\">1 failed</span></th></tr>"))
    }

    @Test func poolLoadIsChartedWhenTheResultHasIt() {
        #expect(!HTMLReport.render(Fixture.result()).contains("Pools: utilization and queueing"))
        let html = HTMLReport.render(Self.withPools())
        #expect(html.contains("Pools: utilization and queueing"))
        #expect(html.contains("longest queue: cores 8, store 8, cache 8"))
        #expect(html.components(separatedBy: "class=\"fault-band\"").count - 1 == 4, "the pool chart shades faults too")
    }

    @Test func optionalSeriesGetAChartPerGroupOnlyWhenPresent() {
        #expect(!HTMLReport.render(Fixture.result()).contains("id=\"chart-"))
        var r = Fixture.result()
        r.timeline.series = ["breaker.cache.open": (0..<60).map { $0 >= 20 && $0 < 35 ? 1 : 0 },
                             "retries.store": (0..<60).map { Double($0 % 5) }, "retries.cache": (0..<60).map { _ in 1 }]
        let html = HTMLReport.render(r)
        #expect(html.contains("id=\"chart-breaker\"") && html.contains("<strong>Circuit breakers</strong>"))
        #expect(html.contains("id=\"chart-retries\"") && html.contains("<strong>Retries</strong>"))
        let retries = html.components(separatedBy: "id=\"chart-retries\"")[1]
        #expect(retries.range(of: ">cache</li>")!.lowerBound < retries.range(of: ">store</li>")!.lowerBound, "names sorted")
    }

    @Test func violationsShowTheirExposureWindow() {
        let html = HTMLReport.render(Fixture.result())
        #expect(html.contains("<dt>exposure window</dt><dd>246 ms (00:40.104 to 00:40.350)</dd>"))
        #expect(html.contains("class=\"wt-exposure\""))
    }

    @Test func hourLongRunWithPoolSeriesStaysUnderTwoMegabytes() {
        let page = HTMLReport.render(Self.withPools(windows: 3_600))
        #expect(page.utf8.count < 2_000_000)
        #expect(page.utf8.count < 400_000, "downsampled to 600 points, the page is far below the limit: \(page.utf8.count)")
    }

    @Test func printingGetsItsOwnLayout() {
        let css = ReportStyle.css
        let print = css.components(separatedBy: "@media print{").last ?? ""
        for rule in [".toc{display:none}", "break-inside:avoid", "print-color-adjust:exact"] {
            #expect(print.contains(rule), "missing \(rule)")
        }
    }
}
