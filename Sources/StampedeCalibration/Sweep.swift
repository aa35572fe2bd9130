import Foundation
import StampedeKernel
import StampedeLanguage
import Synchronization

/// Drives one probe over a concurrency sweep and turns each step into a level of the file.
///
/// A step is `concurrency` callers in a closed loop, each making its next call as soon as the
/// last one returned, for a warm-up (a fifth of the step, at most 200 ms: connections open,
/// caches fill) and then `seconds`. Latency counts from each call's start; throughput is the
/// calls that started in the measured window over its length.
struct Sweep: Sendable {
    var rule: SweepRule
    var seconds: Double
    var shouldStop: @Sendable () -> Bool
    var progress: @Sendable (String) -> Void
    /// Numbers the steps, so no two steps of a calibration share keys.
    let steps = StepCounter()

    /// What one sweep measured: a call per table of the probe (its own, and a mix's
    /// `store.query` and `store.write`), and whether Ctrl-C cut it short.
    struct Outcome {
        var calls: [CalibrationDocument.Call]
        var interrupted: Bool
    }

    func run(_ probe: Probe, role: String) async -> Outcome {
        var calls = probe.kinds.map { CalibrationDocument.Call(name: $0) }
        var points: [SweepRule.Point] = []
        var decision = rule.decide(after: [])
        var interrupted = false
        while case .measure(let concurrency) = decision {
            if shouldStop() { interrupted = true; break }
            let step = await measure(probe, concurrency: concurrency)
            if step.interrupted && step.samples[0].isEmpty { interrupted = true; break }
            for (index, samples) in step.samples.enumerated() where !samples.isEmpty {
                calls[index].levels.append(Self.level(concurrency: concurrency, samples: samples,
                                                      errors: index == 0 ? step.errors : 0, seconds: step.seconds))
            }
            guard let level = calls[0].levels.last, level.concurrency == concurrency else {
                points.append(.init(concurrency: concurrency, throughput: 0, p99: 0, calls: 0, errors: step.errors))
                decision = rule.decide(after: points)
                break
            }
            let p99 = Double(level.value(at: 99)?.nanoseconds ?? 0)
            points.append(.init(concurrency: concurrency, throughput: level.throughput, p99: p99, calls: level.calls,
                                errors: level.errors))
            progress(Self.line(role: role, name: probe.name, level: level))
            if step.interrupted { interrupted = true; break }
            decision = rule.decide(after: points)
        }
        if let peak = SweepRule.peak(of: points) {
            let (reached, reason): (Bool, String)
            switch decision {
            case .stop(let r, let why) where !interrupted: (reached, reason) = (r, why)
            default: (reached, reason) = (false, "interrupted")
            }
            calls[0].saturation = .init(call: probe.name, throughput: peak.throughput, concurrency: peak.concurrency,
                                        reached: reached, reason: reason)
            progress("\(role.padding(toLength: 6, withPad: " ", startingAt: 0)) \(probe.name): \(reached ? "saturated" : "peak") "
                     + "\(Self.rate(peak.throughput)) at concurrency \(peak.concurrency): \(reason)")
        }
        return Outcome(calls: calls.filter { !$0.levels.isEmpty }, interrupted: interrupted)
    }

    /// Samples of one step, in nanoseconds: every call in the first array, and each kind's in its own.
    struct Step {
        var samples: [[Int64]]
        var errors: Int
        var seconds: Double
        var interrupted: Bool
    }

    private struct Lane: Sendable {
        var samples: [[Int64]]
        var errors = 0
        var lastEnd: ContinuousClock.Instant?
        var interrupted = false
    }

    func measure(_ probe: Probe, concurrency: Int) async -> Step {
        let clock = ContinuousClock() // wall-clock: calibration measures real time
        let step = steps.next()
        let warmUp = Duration.seconds(min(0.2, seconds / 5))
        let start = clock.now + warmUp
        let end = start + .seconds(seconds)
        let kinds = probe.kinds.count
        let shouldStop = self.shouldStop
        let lanes = await withTaskGroup(of: Lane.self, returning: [Lane].self) { group in
            for lane in 0..<concurrency {
                group.addTask {
                    var rng = Xoshiro256(seed: UInt64(step) &* 1_000_003 &+ UInt64(lane) &+ 1)
                    var mine = Lane(samples: Array(repeating: [], count: kinds))
                    var n = 0
                    while true {
                        let began = clock.now
                        // Every caller gets at least one call into the table, however short the step.
                        if began >= end, !mine.samples[0].isEmpty { break }
                        if shouldStop() { mine.interrupted = true; break }
                        let result = await probe.run(ProbeContext(lane: lane, n: n, step: step), &rng)
                        n += 1
                        guard began >= start else { continue }
                        let ns = result.elapsed.components.seconds * 1_000_000_000 + result.elapsed.components.attoseconds / 1_000_000_000
                        mine.samples[0].append(ns)
                        if result.kind > 0, result.kind < kinds { mine.samples[result.kind].append(ns) }
                        if result.failed { mine.errors += 1 }
                        mine.lastEnd = clock.now
                    }
                    return mine
                }
            }
            var all: [Lane] = []
            for await lane in group { all.append(lane) }
            return all
        }
        var samples = Array(repeating: [Int64](), count: kinds)
        for lane in lanes { for k in 0..<kinds { samples[k] += lane.samples[k] } }
        let finished = lanes.compactMap(\.lastEnd).max() ?? start
        let elapsed = finished > start ? finished - start : .zero
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Step(samples: samples, errors: lanes.reduce(0) { $0 + $1.errors }, seconds: seconds,
                    interrupted: lanes.contains { $0.interrupted })
    }

    /// A level's table from its samples: nearest-rank percentiles, the fastest as `min`, the slowest as `max`.
    static func level(concurrency: Int, samples: [Int64], errors: Int, seconds: Double) -> CalibrationDocument.Level {
        let sorted = samples.sorted()
        let points = CalibrationDocument.percentiles.map { p -> Distribution.EmpiricalPoint in
            let rank = p == 0 ? 0 : Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return .init(percentile: p, value: SimDuration(nanoseconds: sorted[max(0, min(sorted.count - 1, rank))]))
        }
        return CalibrationDocument.Level(concurrency: concurrency, calls: sorted.count, errors: errors, seconds: seconds,
                                         throughput: seconds > 0 ? Double(sorted.count) / seconds : 0, points: points)
    }

    static func line(role: String, name: String, level: CalibrationDocument.Level) -> String {
        let p50 = level.value(at: 50).map(formatDuration) ?? "-"
        let p99 = level.value(at: 99).map(formatDuration) ?? "-"
        let errors = level.errors > 0 ? "  errors \(level.errors)" : ""
        return "\(role.padding(toLength: 6, withPad: " ", startingAt: 0)) \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) "
            + "c=\(String(level.concurrency).padding(toLength: 4, withPad: " ", startingAt: 0)) "
            + "\(rate(level.throughput).leftPadded(15))  p50 \(p50.leftPadded(9))  p99 \(p99.leftPadded(9))\(errors)"
    }

    static func rate(_ perSecond: Double) -> String { grouped(Int(perSecond.rounded())) + " calls/s" }
}

/// Consecutive step numbers, from 1.
final class StepCounter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
