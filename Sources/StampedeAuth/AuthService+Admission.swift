import StampedeKernel
import StampedeModel

/// What the service decides before doing any work, and what its CPU costs under faults.
extension AuthService {
    /// Why a request is refused at the door, or nil to go ahead: more requests wait for a
    /// core than the shedding limit → `overloaded` (shed, so the queue and the latency of
    /// everyone else stay bounded). A process that is down is a decorator's business
    /// (`ServiceOutage`), not the service's.
    @inline(__always)
    func admissionDenial() -> DenyReason? {
        guard admissionChecked else { return nil }
        if let limit = config.shedQueueLimit, cores.queueLength > limit {
            signal(.shed, source: .service)
            return .overloaded
        }
        return nil
    }

    /// Holds a core for `work` of CPU time.
    @inline(__always)
    func useCores(for work: SimDuration) async {
        await cores.spend(work)
    }

    /// The process restarted: what it held only in memory is gone — owed cache
    /// invalidations and the local lockout counts.
    public func restart() {
        backlog.removeAll()
        lockout.reset()
    }
}
