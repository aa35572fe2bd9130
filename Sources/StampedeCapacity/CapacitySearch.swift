import Foundation
import StampedeLanguage
import StampedeResult
import Synchronization

/// How a capacity search is bounded.
public struct CapacityOptions: Sendable {
    /// Every probe runs each of these seeds and passes only if all do.
    public var seeds: [UInt64]
    /// The bisection stops when the failing factor is within this fraction of the passing one.
    public var resolution = 0.02
    /// `--target` / `--target-factor` as a factor of the file's rate; nil: no sizing.
    public var targetFactor: Double?
    public var headroom = 0.5
    /// Cores are sized in whole instances of this many; nil: one core at a time.
    public var coresPerInstance: Int?
    public var explain = false
    /// The rate search steps by ×2 up to this factor and down to its inverse.
    public var ceiling = 64.0
    /// A knob is searched up to this many times its value in the file.
    public var knobReach = 8

    public init(seeds: [UInt64]) { self.seeds = seeds }
}

/// The searches of `stampede capacity`, over probes run by a `ProbeExecuting`.
///
/// The answer depends only on the probes' results, each a deterministic run, so the same
/// inputs give the same answer however the probes are scheduled; probes already run are
/// remembered and not run again.
public final class CapacitySearch: Sendable {
    public typealias ProbeObserver = @Sendable (_ probe: CapacityProbe, _ purpose: String) -> Void

    let executor: any ProbeExecuting
    public let context: CapacityContext
    public let options: CapacityOptions
    /// The knobs' values as the file (with `--set`) has them.
    public let baseKnobs: [String: Int]
    /// Arrivals per second of the scaled phase at factor 1.
    public let baseRate: Double
    let observer: ProbeObserver?
    private let done = Mutex<[ProbeKey: CapacityProbe]>([:])
    /// Runs started on an idle slot ahead of being asked for (see `probe(_:speculate:)`).
    private let ahead = Mutex<[ProbeRequest: Task<Result<ProbeMeasurement?, CapacityStop>, Never>]>([:])
    private let runs = Atomic<Int>(0)

    struct ProbeKey: Hashable {
        var factor: Double
        var knobs: [String: Int]
    }

    public init(executor: any ProbeExecuting, context: CapacityContext, options: CapacityOptions, spec: ScenarioSpec,
                observer: ProbeObserver? = nil) {
        self.executor = executor; self.context = context; self.options = options; self.observer = observer
        var knobs: [String: Int] = [:]
        for knob in SizingKnob.allCases { knobs[knob.key] = knob.value(in: spec) }
        baseKnobs = knobs
        baseRate = spec.peakRate(phase: context.phase) ?? 0
    }

    /// Runs done so far (one per seed per probe).
    public var runCount: Int { runs.load(ordering: .relaxed) }

    /// Every probe run with the file's knobs, in order of factor: the knee curve.
    public var kneeCurve: [CapacityProbe] {
        done.withLock { d in d.filter { $0.key.knobs == baseKnobs }.map(\.value) }.sorted { $0.factor < $1.factor }
    }

    /// The scenario at `factor` with `knobs` (the file's where nil), at every seed.
    ///
    /// `speculate` names the factor the search will probe next if this probe passes: once
    /// every seed has started and all that finished passed, a job slot would sit idle while
    /// the last seeds run, so the next probe's first seed starts on it. Only where runs go
    /// changes, never what they measure.
    public func probe(_ factor: Double, knobs: [String: Int]? = nil, purpose: String,
                      fresh: Bool = false, speculate: Double? = nil) async throws(CapacityStop) -> CapacityProbe {
        let knobs = knobs ?? baseKnobs
        let key = ProbeKey(factor: factor, knobs: knobs)
        if !fresh, let known = done.withLock({ $0[key] }) { return known }
        let differing = knobs.filter { baseKnobs[$0.key] != $0.value }
        let requests = options.seeds.map { ProbeRequest(factor: factor, knobs: differing, seed: $0) }
        let executor = self.executor, context = self.context
        // The first failing seed (in seed order) decides the probe: later seeds that have not
        // started are skipped, and any that ran are dropped, so the probe records the same
        // seeds however the runs were scheduled.
        let cutoff = FirstFailure()
        let started = RunCounter()
        let prefetched = requests.map { r in ahead.withLock { $0.removeValue(forKey: r) } }
        let next = speculate.map { ProbeRequest(factor: $0, knobs: differing, seed: options.seeds[0]) }
        // wall-clock: the seeds of one probe run side by side (each a deterministic run of its own)
        let outcomes = await withTaskGroup(of: (Int, Result<ProbeMeasurement?, CapacityStop>).self) { group in
            for (i, request) in requests.enumerated() {
                group.addTask {
                    let outcome: Result<ProbeMeasurement?, CapacityStop>
                    if let early = prefetched[i] {
                        started.add()
                        outcome = await early.value
                    } else {
                        outcome = await Self.measure(executor, request, context: context, skip: {
                            if cutoff.index < i { return true }
                            started.add()
                            return false
                        })
                    }
                    if case .success(let m?) = outcome, !m.passed { cutoff.record(i) }
                    return (i, outcome)
                }
            }
            var all: [(Int, Result<ProbeMeasurement?, CapacityStop>)] = []
            for await outcome in group {
                all.append(outcome)
                if let next, all.count < requests.count, started.count == requests.count,
                   cutoff.index == Int.max, !(all.contains { if case .failure = $0.1 { true } else { false } }) {
                    await runAhead(next)
                }
            }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var measurements: [ProbeMeasurement] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let m?):
                guard measurements.last?.passed ?? true else { break }
                measurements.append(m)
            case .success(nil): break
            case .failure(.interrupted): throw .interrupted
            case .failure(let e): throw e
            }
        }
        runs.add(outcomes.count { if case .success(_?) = $0 { true } else { false } }, ordering: .relaxed)
        let probe = CapacityProbe(factor: factor, rate: factor * baseRate, passed: measurements.allSatisfy(\.passed),
                                  seeds: measurements)
        if !fresh { done.withLock { $0[key] = probe } }
        observer?(probe, purpose)
        return probe
    }
}

extension CapacitySearch {
    /// Starts `request` now if a job slot is idle and it is neither done nor already started.
    func runAhead(_ request: ProbeRequest) async {
        let key = ProbeKey(factor: request.factor, knobs: baseKnobs.merging(request.knobs) { $1 })
        guard done.withLock({ $0[key] == nil }), ahead.withLock({ $0[request] == nil }) else { return }
        guard await executor.reserveIdleSlot() else { return }
        let executor = self.executor, context = self.context
        // wall-clock: a speculative run on a slot that would otherwise idle; `probe` awaits it if asked for
        let task = Task(executorPreference: globalConcurrentExecutor) { () -> Result<ProbeMeasurement?, CapacityStop> in
            do throws(CapacityStop) {
                return .success(try await executor.measureReserved(request, context: context))
            } catch {
                return .failure(error)
            }
        }
        ahead.withLock { $0[request] = task }
    }

    /// One run as a `Result`, so task-group children never call a typed-throwing closure (see `eachKnob`).
    static func measure(_ executor: any ProbeExecuting, _ request: ProbeRequest, context: CapacityContext,
                        skip: @escaping @Sendable () -> Bool) async -> Result<ProbeMeasurement?, CapacityStop> {
        do throws(CapacityStop) {
            return .success(try await executor.measure(request, context: context, skip: skip))
        } catch {
            return .failure(error)
        }
    }
}

/// How many of a probe's seeds have started (wall-clock: counted by its sibling runs).
final class RunCounter: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func add() { value.add(1, ordering: .relaxed) }
}

/// The lowest seed index that failed in a probe so far (wall-clock: read by its sibling runs).
final class FirstFailure: Sendable {
    private let lowest = Atomic<Int>(Int.max)
    var index: Int { lowest.load(ordering: .relaxed) }
    func record(_ i: Int) {
        var current = lowest.load(ordering: .relaxed)
        while i < current {
            let (exchanged, original) = lowest.compareExchange(expected: current, desired: i, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

extension CapacitySearch {
    /// The largest factor at which every judged SLO holds at every seed: ×2 steps from the
    /// file's rate until the verdict changes, then geometric bisection to the resolution.
    ///
    /// On Ctrl-C it returns what it bracketed so far and `interrupted`.
    public func maximumRate() async -> (maximum: CapacityMaximum?, interrupted: Bool) {
        var passing: Double?
        var failing: Double?
        do throws(CapacityStop) {
            if try await probe(1, purpose: "rate search", speculate: 2).passed {
                passing = 1
                var f = 2.0
                while f <= options.ceiling {
                    if try await probe(f, purpose: "rate search", speculate: f * 2).passed { passing = f } else { failing = f; break }
                    f *= 2
                }
            } else {
                failing = 1
                var f = 0.5
                while f >= 1 / options.ceiling {
                    if try await probe(f, purpose: "rate search").passed { passing = f; break } else { failing = f }
                    f /= 2
                }
            }
            while let lo = passing, let hi = failing, hi / lo - 1 > options.resolution {
                let mid = Self.rounded((lo * hi).squareRoot())
                let after = Self.rounded((mid * hi).squareRoot())
                let next = hi / mid - 1 > options.resolution ? after : nil
                if try await probe(mid, purpose: "bisection", speculate: next).passed { passing = mid } else { failing = mid }
            }
        } catch {
            return (maximum(passing: passing, failing: failing, bound: "interrupted"), true)
        }
        let bound = failing == nil ? "ceiling" : passing == nil ? "floor" : "bracketed"
        return (maximum(passing: passing, failing: failing, bound: bound), false)
    }

    private func maximum(passing: Double?, failing: Double?, bound: String) -> CapacityMaximum? {
        guard passing != nil || failing != nil else { return nil }
        let factor = passing ?? 0
        return CapacityMaximum(factor: factor, rate: factor * baseRate, failingFactor: failing, perSeed: perSeed(),
                               bound: bound)
    }

    /// Per seed, the largest probed factor it passed below the first factor it failed or was
    /// skipped at (a probe stops running seeds once one fails, so beyond that it is unknown).
    func perSeed() -> [CapacitySeedMaximum] {
        let curve = kneeCurve
        return options.seeds.map { seed in
            var best = 0.0
            for probe in curve {
                guard let m = probe.seeds.first(where: { $0.seed == seed }) else { break }
                if m.passed { best = probe.factor } else { break }
            }
            return CapacitySeedMaximum(seed: seed, factor: best, rate: best * baseRate)
        }
    }

    /// Five significant digits, so factors print and compare cleanly.
    static func rounded(_ f: Double) -> Double {
        guard f > 0 else { return f }
        let scale = pow10(4 - Int(Foundation.log10(f).rounded(.down)))
        return (f * scale).rounded() / scale
    }

    private static func pow10(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<abs(n) { x *= 10 }
        return n >= 0 ? x : 1 / x
    }
}
