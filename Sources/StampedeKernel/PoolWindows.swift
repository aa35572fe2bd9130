/// A resource pool's load per fixed-width time window: busy server-time, available
/// server-time, queue length integrated over time, and the longest queue.
///
/// The pool feeds it every interval during which its state was constant, so the integrals
/// are exact however long an interval is; an interval that crosses window boundaries is
/// split between the windows. Memory grows with the number of windows, not with calls.
public struct PoolWindows: Sendable {
    public let width: SimDuration
    /// Busy server-nanoseconds per window.
    public private(set) var busy: [Int64] = []
    /// Available server-nanoseconds per window (capacity × time).
    public private(set) var capacity: [Int64] = []
    /// Waiting-call-nanoseconds per window.
    public private(set) var queued: [Int64] = []
    /// Most calls waiting at once per window.
    public private(set) var maxQueue: [Int] = []

    public init(width: SimDuration) {
        precondition(width.nanoseconds > 0, "window width must be positive")
        self.width = width
    }

    /// Accounts for `[from, to)` during which `busy` servers of `capacity` were in use and
    /// `waiting` calls waited.
    mutating func add(from: Int64, to: Int64, busy servers: Int, capacity total: Int, waiting: Int) {
        var t = max(from, 0)
        let w = width.nanoseconds
        while t < to {
            let index = Int(t / w)
            let end = min(to, (Int64(index) + 1) * w)
            grow(to: index)
            let dt = end - t
            busy[index] &+= Int64(servers) &* dt
            capacity[index] &+= Int64(total) &* dt
            queued[index] &+= Int64(waiting) &* dt
            if waiting > maxQueue[index] { maxQueue[index] = waiting }
            t = end
        }
    }

    /// Notes a queue of `waiting` calls at `at` (the moment one joins it).
    mutating func noteQueue(_ waiting: Int, at: Int64) {
        let index = Int(max(at, 0) / width.nanoseconds)
        grow(to: index)
        if waiting > maxQueue[index] { maxQueue[index] = waiting }
    }

    private mutating func grow(to index: Int) {
        guard index >= busy.count else { return }
        let n = index + 1 - busy.count
        busy.append(contentsOf: repeatElement(0, count: n))
        capacity.append(contentsOf: repeatElement(0, count: n))
        queued.append(contentsOf: repeatElement(0, count: n))
        maxQueue.append(contentsOf: repeatElement(0, count: n))
    }

    /// Busy over available server-time in window `i` (0 for a window never reached).
    public func utilization(_ i: Int) -> Double {
        i < capacity.count && capacity[i] > 0 ? Double(busy[i]) / Double(capacity[i]) : 0
    }

    /// The time-averaged number of waiting calls in window `i`.
    public func meanQueue(_ i: Int) -> Double {
        i < queued.count ? Double(queued[i]) / Double(width.nanoseconds) : 0
    }

    /// The longest queue in window `i`.
    public func longestQueue(_ i: Int) -> Int {
        i < maxQueue.count ? maxQueue[i] : 0
    }
}
