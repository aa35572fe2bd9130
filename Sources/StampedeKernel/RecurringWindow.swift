/// A span of simulated time that may repeat: `[start, start + length)`, then every
/// `period` after that, never past `until`.
///
/// Faults, phase-scoped metrics and SLO scopes all ask the same two questions of it —
/// "is `t` inside?" and "how far through its occurrence is `t`?" — in O(1), however many
/// times it repeats. A zero `length` is an instant: it contains no time at all.
public struct RecurringWindow: Sendable, Hashable {
    public var start: SimInstant
    public var length: SimDuration
    /// Distance between the starts of two occurrences; nil for a single occurrence.
    public var period: SimDuration?
    /// No occurrence starts at or after this, and none extends past it.
    public var until: SimInstant

    public init(start: SimInstant, length: SimDuration, period: SimDuration? = nil, until: SimInstant) {
        self.start = start
        self.length = length
        self.period = period.flatMap { $0.nanoseconds > 0 ? $0 : nil }
        self.until = until
    }

    /// One occurrence from `start` to `end`.
    public init(start: SimInstant, end: SimInstant) {
        self.init(start: start, length: end - start, period: nil, until: end)
    }

    /// The start of the occurrence whose start is the latest at or before `t`, if any.
    @inlinable func occurrenceStart(atOrBefore t: SimInstant) -> SimInstant? {
        if t < start { return nil }
        guard let period else { return start }
        let k = (t.nanoseconds - start.nanoseconds) / period.nanoseconds
        return SimInstant(nanoseconds: start.nanoseconds + k * period.nanoseconds)
    }

    /// Whether `t` lies inside an occurrence.
    @inlinable public func contains(_ t: SimInstant) -> Bool {
        guard t < until, let s = occurrenceStart(atOrBefore: t) else { return false }
        return t.nanoseconds - s.nanoseconds < length.nanoseconds
    }

    /// The occurrence holding `t`, clipped at `until`.
    public func occurrence(containing t: SimInstant) -> (start: SimInstant, end: SimInstant)? {
        guard contains(t), let s = occurrenceStart(atOrBefore: t) else { return nil }
        return (s, min(s + length, until))
    }

    /// How far through its occurrence `t` is, from 0 at the start towards 1 at the end;
    /// nil outside every occurrence.
    public func progress(at t: SimInstant) -> Double? {
        guard let o = occurrence(containing: t) else { return nil }
        let span = (o.end - o.start).nanoseconds
        return span > 0 ? Double((t - o.start).nanoseconds) / Double(span) : 0
    }

    /// Every occurrence in time order, each clipped at `until` (instants included), at most `limit`.
    public func occurrences(limit: Int = .max) -> [(start: SimInstant, end: SimInstant)] {
        var out: [(start: SimInstant, end: SimInstant)] = []
        var s = start
        while s < until, out.count < limit {
            out.append((s, min(s + length, until)))
            guard let period else { break }
            s = s + period
        }
        return out
    }

    /// How many occurrences start before `until`.
    public var occurrenceCount: Int {
        guard start < until else { return 0 }
        guard let period else { return 1 }
        return Int((until.nanoseconds - start.nanoseconds - 1) / period.nanoseconds) + 1
    }

    /// The start of the first occurrence and the end of the last one.
    public var firstStart: SimInstant { start }
    public var lastEnd: SimInstant {
        guard let period, occurrenceCount > 1 else { return min(start + length, until) }
        let last = start + SimDuration(nanoseconds: Int64(occurrenceCount - 1) * period.nanoseconds)
        return min(last + length, until)
    }
}
