import StampedeResult

/// Everything one `stampede capacity` invocation found, before the command adds its facts.
public struct CapacityFindings: Sendable {
    public var maximum: CapacityMaximum?
    public var probes: [CapacityProbe] = []
    public var firstSaturated: CapacitySaturation?
    public var firstBreach: CapacityBreach?
    public var sizing: CapacitySizing?
    public var explanations: [CapacityExplanation]?
    /// With a target: whether the file's sizing holds at target × (1 + headroom).
    public var targetMet: Bool?
    public var interrupted = false
    /// A run that could not be done (not an SLO failure).
    public var failure: String?

    /// 0 the target (if any) is met with its headroom, 1 it is not, 130 interrupted, 4 a run failed.
    public var exitCode: Int {
        if failure != nil { return 4 }
        if interrupted { return 130 }
        return targetMet == false ? 1 : 0
    }
}

extension CapacitySearch {
    /// The rate search, then (with a target) the target probe and the sizing, then (with
    /// `explain`) the explanations. Stops early on Ctrl-C or a failed run, keeping what it has.
    public func run() async -> CapacityFindings {
        var findings = CapacityFindings()
        let (maximum, interrupted) = await maximumRate()
        findings.maximum = maximum
        findings.interrupted = interrupted
        do throws(CapacityStop) {
            if !interrupted, let target = options.targetFactor {
                let factor = Self.rounded(target * (1 + options.headroom))
                findings.targetMet = try await probe(factor, purpose: "target").passed
                findings.sizing = try await sizing(at: factor)
            }
            if !interrupted && options.explain { findings.explanations = try await explain() }
        } catch .interrupted {
            findings.interrupted = true
        } catch {
            findings.failure = error.description
        }
        findings.probes = kneeCurve
        findings.firstSaturated = KneeAnalysis.firstSaturated(findings.probes)
        findings.firstBreach = KneeAnalysis.firstBreach(findings.probes)
        return findings
    }
}

/// Runs probes in this process, one after another per call (tests, and the child process).
public struct InProcessProbes: ProbeExecuting {
    public init() {}
    public func measure(_ request: ProbeRequest, context: CapacityContext,
                        skip: @escaping @Sendable () -> Bool) async throws(CapacityStop) -> ProbeMeasurement? {
        if skip() { return nil }
        do {
            return try ProbeRun.measure(request, context: context)
        } catch {
            throw .failed("\(error)")
        }
    }
}
