import StampedeCapacity
import StampedeResult
import Testing

/// The rate search against queueing theory: on an M/M/c store the largest rate at which the
/// wait's p99 stays under t is where C(c, λ/μ)·e^(−(cμ−λ)t) = 1 %.
@Suite("Capacity against M/M/c")
struct QueueingCapacityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var servers: Int
        var waitMs: Double
        /// The file's rate, near the expected answer so the search is short.
        var rate: Double
        /// Long enough that the p99 wait of every seed is within a few per cent of the formula's.
        var duration: String
        var testDescription: String { "c=\(servers), p99 wait < \(Int(waitMs)) ms" }
    }

    /// The resolution of the search plus the sampling error of a p99 over ~15k–36k waits:
    /// single seeds land within about 5 % of the formula, and every seed having to pass
    /// pulls the answer low (seen: −2 % to −6 % over several seed triples).
    static let tolerance = 0.02 + 0.06

    @Test(arguments: [Case(servers: 2, waitMs: 50, rate: 100, duration: "120s"), Case(servers: 8, waitMs: 20, rate: 400, duration: "60s")])
    func maximumRateMatchesErlangC(_ c: Case) async throws {
        let search = try CapacityScenario.search(
            CapacityScenario.yaml(pool: c.servers, rate: c.rate, duration: c.duration, slo: "store.write.wait.p99 < \(Int(c.waitMs))ms"))
        let (maximum, interrupted) = await search.maximumRate()
        let found = try #require(maximum)
        #expect(!interrupted)
        #expect(found.bound == "bracketed")
        let theory = ErlangC.maximumRate(c: c.servers, mu: 100, t: c.waitMs / 1000)
        let error = abs(found.rate - theory) / theory
        #expect(error <= Self.tolerance, "found \(found.rate)/s, M/M/\(c.servers) says \(theory)/s (off by \(error))")
        // The bracket is as narrow as asked, and the failing side really fails.
        let failing = try #require(found.failingFactor)
        #expect(failing / found.factor - 1 <= 0.02 + 1e-9)
        #expect(found.perSeed.allSatisfy { $0.factor >= found.factor })
    }

    @Test func theSameSearchGivesTheSameAnswer() async throws {
        let yaml = CapacityScenario.yaml(pool: 2, rate: 100, duration: "60s")
        let first = try #require(await CapacityScenario.search(yaml).maximumRate().maximum)
        let second = try #require(await CapacityScenario.search(yaml).maximumRate().maximum)
        #expect(first.factor == second.factor)
        #expect(first.failingFactor == second.failingFactor)
        #expect(first.perSeed.map(\.factor) == second.perSeed.map(\.factor))
    }

    @Test func aSmallerPoolHoldsLess() async throws {
        let two = try #require(await CapacityScenario.search(CapacityScenario.yaml(pool: 2, rate: 100, duration: "60s")).maximumRate().maximum)
        let four = try #require(await CapacityScenario.search(CapacityScenario.yaml(pool: 4, rate: 100, duration: "60s")).maximumRate().maximum)
        #expect(four.rate > two.rate * 1.5)
    }
}
