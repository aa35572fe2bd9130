import StampedeFaults
import StampedeKernel
import StampedeLanguage
import StampedeSystem

/// The scenario's fault plan compiled for one run: what happens to each backend call, when
/// the service is down or slowed, and what to do to the system at given instants.
struct ChaosPlan {
    /// Something done to the system at one instant.
    enum Action: Sendable, Hashable {
        case flushCache
        case resizeCache(Int)
        case restoreCacheSize
        case crashCache
        case restartCache
        /// Sets the backend's connection pool to this many connections.
        case resizePool(BackendRole, Int)
        case restorePool(BackendRole)
        case restartService
        /// A store server Stampede runs goes down, and comes back (a managed PostgreSQL).
        case storePrimaryFails
        case storeReplicaPromoted

        /// Whether the action acts on the cache process (so needs its control).
        var needsCacheControl: Bool {
            switch self {
            case .flushCache, .resizeCache, .restoreCacheSize, .crashCache, .restartCache: return true
            case .resizePool, .restorePool, .restartService, .storePrimaryFails, .storeReplicaPromoted: return false
            }
        }

        /// What the result calls it.
        var label: String {
            switch self {
            case .flushCache: return "cache flushed"
            case .resizeCache(let n): return "cache shrunk to \(n) entries"
            case .restoreCacheSize: return "cache size restored"
            case .crashCache: return "cache process killed"
            case .restartCache: return "cache process restarted"
            case .resizePool(let role, let n): return "\(role.rawValue) pool set to \(n)"
            case .restorePool(let role): return "\(role.rawValue) pool restored"
            case .restartService: return "service restarted"
            case .storePrimaryFails: return "store server stopped (failover)"
            case .storeReplicaPromoted: return "store server started again (failover)"
            }
        }

        /// Whether the action acts on the store server itself (only one Stampede runs has it).
        var needsStoreServer: Bool {
            switch self {
            case .storePrimaryFails, .storeReplicaPromoted: return true
            default: return false
            }
        }

        /// Whether the action resizes the cache by entries (which only the model can).
        var resizesCache: Bool {
            switch self {
            case .resizeCache, .restoreCacheSize: return true
            default: return false
            }
        }
    }

    struct Step: Sendable {
        var at: SimInstant
        var action: Action
    }

    /// What happens to each backend call and to the service, for the composition root.
    var faults = SystemFaults()
    /// In time order (plan order among equal times).
    var steps: [Step] = []

    /// Whether a step kills the cache process (a `crash` fault): only then must the model
    /// cache keep what it would recover from.
    var crashesCache: Bool { steps.contains { if case .crashCache = $0.action { true } else { false } } }

    /// Compiles the fault events of `spec`; each fault draws from its own child of `seed`
    /// (by event index, so adding a fault never shifts another's numbers).
    init(spec: ScenarioSpec, seed: SeedTree) {
        for (i, event) in spec.events.enumerated() {
            guard case .fault(let fault) = event.kind else { continue }
            add(fault, at: event.at, runEnd: spec.duration, seed: seed.child(UInt64(i)))
        }
        steps = steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    private mutating func add(_ fault: FaultSpec, at: SimDuration, runEnd: SimDuration, seed: SeedTree) {
        let window = fault.window(at: at, runEnd: runEnd)
        let onStore = fault.target == .store
        func call(_ effect: CallFault.Effect, _ w: RecurringWindow = window) {
            let f = CallFault(window: w, effect: effect, probability: fault.probability, seed: seed.child("coin"))
            if onStore { faults.storeCalls.append(f) } else { faults.cacheCalls.append(f) }
        }
        func source(_ d: Distribution) -> LatencySource { LatencySource(d, seed: seed) }
        func atStarts(_ action: Action) { for o in window.occurrences() { steps.append(Step(at: o.start, action: action)) } }
        func atEnds(_ action: Action) { for o in window.occurrences() { steps.append(Step(at: o.end, action: action)) } }
        switch fault.kind {
        case .down, .errors: call(.fail)
        case .timeout: call(.hang)
        case .latency(let d), .slowQueries(let d): call(.delay(source(d)))
        case .slowRecovery(let d): call(.fadingDelay(source(d)))
        case .flush: atStarts(.flushCache)
        case .evictionStorm(let n):
            atStarts(.resizeCache(n))
            atEnds(.restoreCacheSize)
        case .crash:
            call(.fail)
            atStarts(.crashCache)
            atEnds(.restartCache)
        case .poolExhaustion(let n):
            let role: BackendRole = fault.target == .store ? .store : .cache
            atStarts(.resizePool(role, n))
            atEnds(.restorePool(role))
        case .failover(let warmup, let d):
            call(.fail)
            atStarts(.storePrimaryFails)
            atEnds(.storeReplicaPromoted)
            if warmup > .zero { call(.fadingDelay(source(d)), Self.aftermath(of: window, lasting: warmup)) }
        case .hashSpike(let factor):
            faults.service.cpu.append(.init(window: window, factor: factor, fading: false))
        case .restart(let warmup, let factor):
            faults.service.down.append(window)
            atStarts(.restartService)
            if warmup > .zero {
                faults.service.cpu.append(.init(window: Self.aftermath(of: window, lasting: warmup), factor: factor, fading: true))
            }
        }
    }

    /// The stretch right after each occurrence of `window`, `length` long (a warm-up).
    static func aftermath(of window: RecurringWindow, lasting length: SimDuration) -> RecurringWindow {
        RecurringWindow(start: window.start + window.length, length: length, period: window.period,
                        until: window.until + length)
    }
}
