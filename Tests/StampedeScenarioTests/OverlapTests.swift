import StampedeKernel
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// The analytic overlap check against walking every occurrence, and against the cases that
/// used to slip through because the walk stopped after 100,000 occurrences.
@Suite struct OverlapTests {
    /// The earliest instant both are active, by enumeration.
    func bruteForce(_ a: Recurrence, _ b: Recurrence) -> Int64? {
        var best: Int64?
        for i in 0..<a.count {
            let (s1, e1) = (a.start + i * a.period, a.start + i * a.period + a.length)
            for j in 0..<b.count {
                let (s2, e2) = (b.start + j * b.period, b.start + j * b.period + b.length)
                let s = max(s1, s2)
                if s < min(e1, e2), s < (best ?? .max) { best = s }
            }
        }
        return best
    }

    @Test func agreesWithEnumerationOnRandomRecurrences() {
        var rng = Xoshiro256(seed: 2024)
        var overlapping = 0
        for _ in 0..<20_000 {
            func random() -> Recurrence {
                let period = Int64(rng.nextInt(below: 60) + 2)
                return Recurrence(start: Int64(rng.nextInt(below: 200)), length: Int64(rng.nextInt(below: Int(period)) + 1),
                                  period: period, count: Int64(rng.nextInt(below: 12) + 1))
            }
            let (a, b) = (random(), random())
            let expected = bruteForce(a, b)
            if expected != nil { overlapping += 1 }
            #expect(Recurrence.firstOverlap(a, b) == expected, "\(a) \(b)")
            #expect(Recurrence.firstOverlap(b, a) == expected, "\(b) \(a)")
        }
        #expect(overlapping > 2_000 && overlapping < 18_000, "both outcomes are exercised: \(overlapping)")
    }

    @Test func firstMultipleAgreesWithSearch() {
        var rng = Xoshiro256(seed: 7)
        for _ in 0..<5_000 {
            let m = Int64(rng.nextInt(below: 500) + 1)
            let a = Int64(rng.nextInt(below: Int(m)))
            let l = Int64(rng.nextInt(below: Int(m)))
            let r = l + Int64(rng.nextInt(below: Int(m - l)))
            let expected = (0..<m).first { (a * $0) % m >= l && (a * $0) % m <= r }
            #expect(Recurrence.firstMultiple(a, m, l, r) == expected, "a \(a) m \(m) [\(l), \(r)]")
        }
    }

    /// Two 1 ns faults every 2 ns over ten minutes (3·10^11 occurrences each) that meet only
    /// near the end: the old walk gave up long before.
    @Test func hugeRecurrencesAreCheckedExactly() {
        let minutes10: Int64 = 600_000_000_000
        let a = Recurrence(start: 0, length: 1, period: 2, count: minutes10 / 2)
        let b = Recurrence(start: 1, length: 1, period: 2, count: minutes10 / 2)
        #expect(Recurrence.firstOverlap(a, b) == nil, "odd and even nanoseconds never meet")
        let late = Recurrence(start: minutes10 - 3, length: 1, period: 1_000_000, count: 1)
        #expect(Recurrence.firstOverlap(b, late) == minutes10 - 3)
        let coprime = Recurrence(start: 5, length: 1, period: 999_999_937, count: 600)
        let other = Recurrence(start: 0, length: 1, period: 1_000_000_007, count: 599)
        let t = Recurrence.firstOverlap(coprime, other)
        #expect(t == nil || (t! - 5) % 999_999_937 == 0 && t! % 1_000_000_007 == 0)
    }

    @Test func overlappingFrequentFaultsAreAnErrorNamingTheInstant() throws {
        let yaml = minimal(appending: """
            events:
              - { at: 0s, for: 1ns, every: 2ns, fault: cache-down }
              - { at: 9m59s, for: 1s, fault: cache-crash }
            """)
        let error = try #require(loadError(yaml))
        let overlap = try #require(error.all.first { $0.message.contains("overlaps") }, "\(error)")
        #expect(overlap.line == 10, "\(overlap)")
        #expect(overlap.message.contains("both act at t=599s"), "\(overlap)")
        let count = try #require(error.all.first { $0.message.contains("repeats") }, "\(error)")
        #expect(count.line == 9 && count.message.contains("300,000,000,000 times"), "\(count)")
    }

    @Test func faultsThatTakeTurnsDoNotOverlap() {
        let yaml = minimal(appending: """
            events:
              - { at: 0s, for: 1s, every: 4s, fault: cache-down }
              - { at: 2s, for: 1s, every: 4s, fault: crash }
            """)
        #expect(loadError(yaml) == nil)
        let warm = minimal(appending: """
            events:
              - { at: 0s, for: 1s, every: 4s, fault: failover, latency: 10ms, warmup: 1500ms }
              - { at: 2s, for: 1s, every: 4s, fault: pool-exhaustion, target: store, connections: 1 }
            """)
        let error = loadError(warm)
        #expect(error?.message.contains("overlaps") == true, "the warm-up reaches the next fault: \(String(describing: error))")
    }
}
