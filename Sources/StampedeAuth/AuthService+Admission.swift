import StampedeKernel
import StampedeModel

/// What the service decides before doing any work, and what its CPU costs under faults.
extension AuthService {
    /// Why a request is refused at the door, or nil to go ahead: the process is down
    /// (restarting) → `unavailable`; more requests wait for a core than the shedding limit
    /// → `overloaded` (shed, so the queue and the latency of everyone else stay bounded).
    @inline(__always)
    func admissionDenial() -> DenyReason? {
        guard admissionChecked else { return nil }
        if !config.serviceFaults.down.isEmpty, config.serviceFaults.isDown(at: clock.now) { return .unavailable }
        if let limit = config.shedQueueLimit, cores.queueLength > limit {
            signal(.shed, source: .service)
            return .overloaded
        }
        return nil
    }

    /// Holds a core for `work` of CPU time, scaled by any CPU fault active now.
    @inline(__always)
    func useCores(for work: SimDuration) async {
        let cost = admissionChecked && !config.serviceFaults.cpu.isEmpty ? work * config.serviceFaults.cpuFactor(at: clock.now) : work
        _ = await cores.use(for: cost)
    }

    /// The process restarted: what it held only in memory is gone — owed cache
    /// invalidations and the local lockout counts.
    public func restart() {
        backlog.removeAll()
        lockout.reset()
    }
}
