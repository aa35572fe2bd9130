import StampedeKernel
@testable import StampedeLanguage
@testable import StampedeRunner
import StampedeWorkload
import Testing

private func count(_ phases: [PhaseSpec], seed: UInt64 = 1) -> (n: Int, times: [SimInstant]) {
    var s = ArrivalSchedule(phases: phases, seed: SeedTree(seed))
    var times: [SimInstant] = []
    while let t = s.next() { times.append(t) }
    return (times.count, times)
}

@Test func constantRateGivesEvenlySpacedArrivals() {
    let (n, times) = count([PhaseSpec(name: "c", duration: .seconds(10), rate: .constant(perSecond: 100))])
    #expect(n == 1000)
    #expect(times[1] - times[0] == .milliseconds(10))
}

@Test func rampAddsUpToItsAverageRate() {
    let (n, times) = count([PhaseSpec(name: "r", duration: .seconds(10), rate: .ramp(from: 0, to: 100))])
    #expect(n == 500)
    // Sparse at the start, dense at the end.
    #expect(times[1] - times[0] > times[n - 1] - times[n - 2])
}

@Test func poissonArrivalsHaveTheirMeanRate() {
    let (n, times) = count([PhaseSpec(name: "p", duration: .seconds(100), rate: .poisson(perSecond: 100))])
    #expect(abs(n - 10_000) < 300)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
}

@Test func phasesFollowEachOther() {
    let (n, times) = count([
        PhaseSpec(name: "a", duration: .seconds(5), rate: .constant(perSecond: 10)),
        PhaseSpec(name: "b", duration: .seconds(5), rate: .constant(perSecond: 20)),
    ])
    #expect(n == 150)
    #expect(times.filter { $0 < SimInstant.zero + .seconds(5) }.count == 50)
}

@Test func zipfMakesLowRanksHot() {
    let z = ZipfSampler(count: 1000, exponent: 1.1)
    var rng = Xoshiro256(seed: 1)
    var hits = [Int](repeating: 0, count: 1000)
    for _ in 0..<100_000 { hits[z.sample(&rng)] += 1 }
    #expect(hits[0] > hits[9] * 5)
    #expect(hits[0] > 10_000)
}
