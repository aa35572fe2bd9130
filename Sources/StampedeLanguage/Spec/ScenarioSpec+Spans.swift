import StampedeAnalysis
import StampedeKernel
import StampedeMetrics

/// A named stretch of the run that SLO scopes and recovery times refer to.
public struct NamedSpan: Sendable {
    public enum Kind: String, Sendable { case fault, security, phase }

    public var name: String
    public var kind: Kind
    /// When it is active; a zero length is an instant.
    public var window: RecurringWindow

    public var isInstant: Bool { window.length == .zero }
}

extension ScenarioSpec {
    /// Faults, security events and traffic phases by name, in that order.
    public func namedSpans() -> [NamedSpan] {
        var spans: [NamedSpan] = []
        for e in events {
            switch e.kind {
            case .fault(let f):
                spans.append(NamedSpan(name: f.name, kind: .fault, window: f.window(at: e.at, runEnd: duration)))
            case .security(let s):
                let w = RecurringWindow(start: .zero + e.at, end: .zero + e.at + s.over)
                spans.append(NamedSpan(name: s.name, kind: .security, window: w))
            }
        }
        var start = SimInstant.zero
        for p in traffic.phases {
            spans.append(NamedSpan(name: p.name, kind: .phase, window: RecurringWindow(start: start, end: start + p.duration)))
            start = start + p.duration
        }
        return spans
    }

    /// The windows a scope covers, or nil if it names nothing.
    public func windows(of scope: SLOScope) -> [RecurringWindow]? {
        guard let span = namedSpans().first(where: { $0.name == scope.name }) else { return nil }
        let end = SimInstant.zero + duration
        switch scope {
        case .during: return [span.window]
        case .before: return [RecurringWindow(start: .zero, end: span.window.firstStart)]
        case .after: return [RecurringWindow(start: span.window.lastEnd, end: end)]
        }
    }

    /// The phases the metrics keep exact distributions for: every scope an SLO names, and
    /// the time during each fault (reported per fault).
    package func metricPhases() -> [MetricPhase] {
        var scopes = slos.compactMap(\.scope)
        for span in namedSpans() where span.kind == .fault && !span.isInstant {
            scopes.append(.during(span.name))
        }
        var seen = Set<String>()
        return scopes.compactMap { scope in
            guard seen.insert(scope.description).inserted, let windows = windows(of: scope) else { return nil }
            return MetricPhase(label: scope.description, windows: windows)
        }
    }
}
