import Foundation
import StampedeKernel
import StampedeRunner
import Synchronization

/// The progress of a run: one updating line on a terminal, a plain line now and then otherwise.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let terminal: Bool
    private let lastPlain = Mutex<Double>(-1)
    private let drawn = Atomic<Bool>(false)

    init(enabled: Bool) {
        self.enabled = enabled
        self.terminal = isatty(STDOUT_FILENO) == 1
    }

    func update(_ p: RunProgress) {
        guard enabled else { return }
        let fraction = p.total.nanoseconds > 0 ? min(1, Double(p.simulated.nanoseconds) / Double(p.total.nanoseconds)) : 1
        let rate = p.wallSeconds > 0 ? Double(p.requests) / p.wallSeconds : 0
        let eta = fraction > 0 ? p.wallSeconds * (1 - fraction) / fraction : 0
        let line = String(format: "  %@ / %@ simulated  %3.0f%%  %@ requests  %@ req/s  ETA %.0fs",
                          formatDuration(p.simulated), formatDuration(p.total), fraction * 100,
                          grouped(p.requests), grouped(Int(rate)), eta)
        if terminal {
            Swift.print("\r\u{1B}[2K" + line, terminator: "")
            fflush(nil)
            drawn.store(true, ordering: .relaxed)
        } else {
            let due = lastPlain.withLock { last -> Bool in
                guard p.wallSeconds - last >= 5 else { return false }
                last = p.wallSeconds
                return true
            }
            if due { Swift.print(line) }
        }
    }

    func finish() {
        if terminal && drawn.load(ordering: .relaxed) {
            Swift.print("\r\u{1B}[2K", terminator: "")
            fflush(nil)
        }
    }
}
