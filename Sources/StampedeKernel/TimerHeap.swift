/// Work that a timer starts when it fires, instead of resuming a task that waited for it.
///
/// Something that would otherwise sleep for a long time between short bursts of work (a
/// simulated user thinking between requests) schedules one of these and lets its task end:
/// a parked task keeps every slab its deepest call ever took until it finishes, while this
/// keeps only the object.
public protocol TimerStart: AnyObject {
    /// Called on the executor's thread when the timer fires; typically starts a task.
    func fire()
}

/// A binary min-heap of timers ordered by (instant, sequence).
///
/// The sequence number makes timers due at the same instant fire in the order they were
/// set, which keeps runs deterministic.
struct TimerHeap {
    /// What a timer does when it fires.
    enum Wakeup {
        case resume(UnsafeContinuation<Void, Never>)
        case start(any TimerStart)
    }

    struct Entry {
        var instant: SimInstant
        var sequence: UInt64
        var wakeup: Wakeup

        @inline(__always) func fires(before other: Entry) -> Bool {
            instant.nanoseconds < other.instant.nanoseconds
                || (instant.nanoseconds == other.instant.nanoseconds && sequence < other.sequence)
        }
    }

    private(set) var entries: [Entry] = []
    private var nextSequence: UInt64 = 0

    var count: Int { entries.count }
    /// When the earliest timer fires.
    var nextInstant: SimInstant? { entries.first?.instant }
    var isEmpty: Bool { entries.isEmpty }

    mutating func push(_ instant: SimInstant, _ continuation: UnsafeContinuation<Void, Never>) {
        push(instant, .resume(continuation))
    }

    mutating func push(_ instant: SimInstant, _ wakeup: Wakeup) {
        entries.append(Entry(instant: instant, sequence: nextSequence, wakeup: wakeup))
        nextSequence &+= 1
        var i = entries.count - 1
        let e = entries[i]
        while i > 0 {
            let parent = (i - 1) >> 1
            if !e.fires(before: entries[parent]) { break }
            entries[i] = entries[parent]
            i = parent
        }
        entries[i] = e
    }

    mutating func popMin() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return first }
        var i = 0
        let n = entries.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            let r = l + 1
            let c = (r < n && entries[r].fires(before: entries[l])) ? r : l
            if !entries[c].fires(before: last) { break }
            entries[i] = entries[c]
            i = c
        }
        entries[i] = last
        return first
    }

    /// Every parent fires no later than its children.
    func checkInvariants() -> Bool {
        for i in 1..<max(entries.count, 1) where entries[i].fires(before: entries[(i - 1) >> 1]) { return false }
        return true
    }
}
