import Foundation
import StampedeCapacity
import StampedeReports
import StampedeResult
import Synchronization

/// One line per probe as the search goes.
final class CapacityProgress: Sendable {
    private let quiet: Bool
    private let started: ContinuousClock.Instant
    private let count = Atomic<Int>(0)

    init(quiet: Bool, started: ContinuousClock.Instant) {
        self.quiet = quiet
        self.started = started
    }

    func probe(_ p: CapacityProbe, purpose: String) {
        let n = count.add(1, ordering: .relaxed).newValue
        guard !quiet else { return }
        let elapsed = Double((ContinuousClock.now - started).components.seconds) // wall-clock: progress display
        var line = "  probe " + String(n).leftPad(2) + "  " + CapacityFormat.factor(p.factor).padding(toLength: 8, withPad: " ", startingAt: 0)
            + CapacityFormat.rate(p.rate).leftPad(10) + "  " + (p.passed ? "pass" : "FAIL") + "  "
        if let worst = p.seeds.flatMap(\.slos).filter({ !$0.passed }).min(by: { $0.margin < $1.margin }) {
            line += "\(worst.expression) measured \(CapacityFormat.value(worst.value, worst.unit))  "
        } else if let tight = p.seeds.flatMap(\.slos).min(by: { $0.margin < $1.margin }) {
            line += "tightest \(tight.expression) at \(CapacityFormat.value(tight.value, tight.unit))  "
        }
        let dropped = p.seeds.map(\.journeysDropped).reduce(0, +)
        if dropped > 0 { line += "\(dropped) journeys dropped  " }
        let knobs = p.seeds.first?.knobs ?? [:]
        let sized = purpose.hasPrefix("sizing") || purpose.hasPrefix("joint") || purpose.hasPrefix("explain") || purpose.hasPrefix("re-run")
        if sized { line += knobs.keys.sorted().map { "\(CapacityFormat.shortKnob($0))=\(knobs[$0]!)" }.joined(separator: " ") + "  " }
        line += "[\(purpose), \(Int(elapsed))s]"
        Swift.print(line)
        fflush(nil)
    }
}

/// The answer on the terminal.
enum CapacityTerminal {
    static func print(_ r: CapacityResult, paths: [String], quiet: Bool) {
        Swift.print("")
        Swift.print(CapacityFormat.maximumSentence(r))
        if !quiet {
            for s in [CapacityFormat.spreadSentence(r), CapacityFormat.saturationSentence(r), CapacityFormat.breachSentence(r)]
                .compactMap({ $0 }) { Swift.print("  " + s) }
        }
        if let t = CapacityFormat.targetSentence(r) { Swift.print(t) }
        if let s = r.sizing {
            Swift.print("\nSizing for \(CapacityFormat.rate(s.rate)):")
            Swift.print("  knob                   file   alone  recommended")
            for k in s.knobs {
                let alone = k.alone.map(String.init) ?? "none"
                var rec = k.recommended.map(String.init) ?? "none"
                if let n = k.instances { rec += " (\(n) instances)" }
                Swift.print("  " + k.key.padding(toLength: 22, withPad: " ", startingAt: 0)
                            + String(k.current).leftPad(5) + alone.leftPad(8) + "  " + rec)
            }
            if !s.setLines.isEmpty { Swift.print("  " + s.setLines.joined(separator: " ")) }
            Swift.print("  re-run of the answer: " + (s.met ? "passes" : "FAILS"))
        }
        if let e = r.explanations {
            Swift.print(e.isEmpty ? "\nEvery judged SLO holds as the file stands." : "\nFailed SLOs explained:")
            for x in e { Swift.print("  " + x.sentence) }
        }
        if r.interrupted { Swift.print("\nInterrupted: the reports hold what was measured.") }
        Swift.print("\n\(r.meta.runs) runs in \(String(format: "%.1f", r.meta.wallSeconds)) s on \(r.meta.jobs) jobs")
        Swift.print("Reports: " + paths.joined(separator: "\n         "))
    }
}

private extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
