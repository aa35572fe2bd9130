import StampedeModel

/// How one operation ended, from the metrics' point of view.
public enum Outcome: Sendable, Hashable {
    case ok
    /// Refused. A reason whose `isError` is true (the backends could not answer) counts as
    /// an error; any other as a denial, the caller's fault.
    case denied(DenyReason)
    /// The system failed; the message is for logs and is not kept by the metrics.
    case error(String)

    /// Whether this counts against the system's error rate.
    public var isError: Bool {
        switch self {
        case .ok: return false
        case .denied(let reason): return reason.isError
        case .error: return true
        }
    }

    /// Slot in the per-operation outcome counters: ok, error, then one per deny reason.
    @inline(__always)
    var slot: Int {
        switch self {
        case .ok: return 0
        case .error: return 1
        case .denied(let reason): return 2 + reason.rawValue
        }
    }

    static let slotCount = 2 + DenyReason.allCases.count

    /// `ok`, `error` or `denied.<reason>`, the suffix of an outcome-count name.
    static func slotName(_ slot: Int) -> String {
        switch slot {
        case 0: return "ok"
        case 1: return "error"
        default: return "denied." + DenyReason.allCases[slot - 2].name
        }
    }
}
