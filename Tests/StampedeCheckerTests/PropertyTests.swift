import StampedeChecker
import StampedeKernel
import StampedeModel
import Testing

@Suite struct PropertyTests {
    @Test(arguments: 0..<200 as Range<UInt64>)
    func legalHistoriesHaveNoViolations(seed: UInt64) {
        let history = LegalHistory(seed: seed)
        let checker = check(history: history.events, config: history.config)
        #expect(checker.violationCount == 0, "seed \(seed): \(checker.reported.first?.message ?? "")")
    }

    /// Allowing one request the system had to refuse is caught, as one of the reasons it was illegal.
    @Test(arguments: 0..<200 as Range<UInt64>)
    func allowingOneIllegalRequestIsCaught(seed: UInt64) {
        var history = LegalHistory(withIllegalRequestNear: seed)
        #expect(!history.illegal.isEmpty, "no generated history near seed \(seed) has an illegal request")
        guard !history.illegal.isEmpty else { return }
        var rng = Xoshiro256(seed: seed ^ 0x5EED)
        let (index, reasons) = history.illegal[rng.nextInt(below: history.illegal.count)]
        guard case .authorization(var a) = history.events[index] else { Issue.record("not a request"); return }
        a.allowed = true
        a.reason = nil
        history.events[index] = .authorization(a)
        let checker = check(history: history.events, config: history.config)
        let found = Set(checker.counts().filter { $0.1 > 0 }.map(\.0))
        // Past its absolute timeout a session is eventually forgotten, and then it is unknown.
        let accepted = reasons.contains(.absoluteTimeout) ? reasons.union([.unknownSession]) : reasons
        #expect(!found.isDisjoint(with: accepted), "seed \(seed): expected one of \(reasons), found \(found)")
    }
}
