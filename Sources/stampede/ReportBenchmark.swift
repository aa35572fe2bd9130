import Foundation
import StampedeKernel
import StampedeLanguage
import StampedeReports
import StampedeRunner

/// `stampede bench --report`: how long the HTML report of a long run takes to render and how
/// big it gets. Targets: under 1 s and under 2 MB for a 1-hour run.
struct ReportBenchmark {
    static let timeTarget = 1.0
    static let sizeTarget = 2_000_000

    let spec: ScenarioSpec
    let seed: UInt64
    let length: String
    let repeats: Int

    func run() throws {
        let duration: SimDuration
        do {
            duration = try DurationGrammar.parse(length)
        } catch {
            throw badArgument("--report-length: \(error.problem); expected a duration such as 1h, found '\(length)'")
        }
        guard duration > .zero, spec.duration > .zero else { throw badArgument("--report-length must be above zero") }
        let long = spec.stretched(by: Double(duration.nanoseconds) / Double(spec.duration.nanoseconds))
        print("bench --report: \(spec.name) stretched to \(formatDuration(long.duration)) simulated, seed \(seed)")
        let result = Runner.run(long, options: RunOptions(seed: seed))
        print(String(format: "  run: %@ requests, %@ windows, %.1fs wall", grouped(result.simulated.requests),
                     grouped(result.timeline.startS.count), result.meta.wallSeconds))
        var times: [Double] = []
        var html = ""
        for _ in 0..<repeats {
            let start = ContinuousClock.now // wall-clock: this is a benchmark
            html = HTMLReport.render(result)
            let elapsed = ContinuousClock.now - start // wall-clock
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let json = try ResultJSON.encode(result)
        let best = times.min() ?? 0, median = times.sorted()[times.count / 2]
        let size = html.utf8.count
        print(String(format: "  index.html render: best %.3fs, median %.3fs over %d renders (target < %.0fs): %@",
                     best, median, repeats, Self.timeTarget, median < Self.timeTarget ? "within target" : "OVER TARGET"))
        print(String(format: "  index.html size: %@ bytes (target < %@): %@; result.json %@ bytes",
                     grouped(size), grouped(Self.sizeTarget), size < Self.sizeTarget ? "within target" : "OVER TARGET",
                     grouped(json.count)))
    }
}
