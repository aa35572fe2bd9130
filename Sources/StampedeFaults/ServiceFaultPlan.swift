import StampedeKernel

/// Faults of the service process itself: when it is down (restarting) and how much its
/// CPU work costs (a hashing-cost spike, a warm-up after a restart).
///
/// Pure lookups by time, so the service asks "now?" and nothing has to flip state on
/// schedule. What a restart loses (in-process state) is done by whoever drives the plan.
public struct ServiceFaultPlan: Sendable {
    /// A multiplier on CPU cost over a window.
    public struct CPUFactor: Sendable {
        public var window: RecurringWindow
        public var factor: Double
        /// Shrinks linearly from `factor` to 1 over each occurrence (a warm-up).
        public var fading: Bool

        public init(window: RecurringWindow, factor: Double, fading: Bool) {
            self.window = window; self.factor = factor; self.fading = fading
        }
    }

    /// While any of these contains the time, the process is down: requests fail fast.
    public var down: [RecurringWindow] = []
    public var cpu: [CPUFactor] = []

    public init(down: [RecurringWindow] = [], cpu: [CPUFactor] = []) {
        self.down = down
        self.cpu = cpu
    }

    public var isEmpty: Bool { down.isEmpty && cpu.isEmpty }

    /// Whether the process is down at `t`.
    public func isDown(at t: SimInstant) -> Bool {
        down.contains { $0.contains(t) }
    }

    /// The factor CPU costs are multiplied by at `t` (the product of the active ones; 1 if none).
    public func cpuFactor(at t: SimInstant) -> Double {
        var f = 1.0
        for c in cpu {
            guard let progress = c.window.progress(at: t) else { continue }
            f *= c.fading ? 1 + (c.factor - 1) * (1 - progress) : c.factor
        }
        return f
    }
}
