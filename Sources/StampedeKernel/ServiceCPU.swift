/// The service's cores as the service uses them: hold one for some CPU time, and say how
/// many requests wait for one (for load shedding).
///
/// A `ResourcePool` is one; a fault decorator that scales CPU cost (a hashing spike, a
/// warm-up after a restart) is another, so the service never knows about faults.
public protocol ServiceCPU: AnyObject, Sendable {
    /// Holds a core for `work` of CPU time, queueing FIFO when every core is busy.
    func spend(_ work: SimDuration) async
    /// Requests waiting for a core now.
    var queueLength: Int { get }
}

extension ResourcePool: ServiceCPU {
    public func spend(_ work: SimDuration) async {
        _ = await use(for: work)
    }
}
