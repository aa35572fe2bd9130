/// Whether two repeating spans of time overlap, found by arithmetic on their recurrences
/// instead of by walking their occurrences, so a fault repeating every 2 ns costs no more to
/// check than one that happens once.
///
/// A recurrence is `count` intervals `[start + k·period, start + k·period + length)`. For two
/// of them, occurrence j of B meets some occurrence of A exactly when A's starts, an
/// arithmetic progression with step P, hit the window `(b_j − La, b_j + Lb)`; away from the
/// ends of A that is a congruence, `(Q·j + c) mod P ≤ W`, whose smallest solution in a range
/// of j is found by a Euclid-like recursion (`firstMultiple`) in O(log P) steps. Near A's
/// first and last occurrence it is one comparison each.
package struct Recurrence: Sendable, Hashable {
    /// Nanoseconds from the start of the run.
    package var start: Int64
    /// Length of each occurrence, at least 1 ns.
    package var length: Int64
    /// Distance between starts; ignored when `count` is 1.
    package var period: Int64
    package var count: Int64

    package init(start: Int64, length: Int64, period: Int64, count: Int64) {
        self.start = start; self.length = max(1, length); self.period = period; self.count = count
        // Occurrences that touch or overlap each other cover one unbroken stretch.
        if count > 1, self.length >= period {
            self.length = (count - 1) * period + self.length
            self.count = 1
        }
        if self.count == 1 { self.period = 1 }
    }

    var last: Int64 { start + (count - 1) * period }

    /// The earliest instant (in nanoseconds) at which both `a` and `b` are active, or nil.
    package static func firstOverlap(_ a: Recurrence, _ b: Recurrence) -> Int64? {
        guard a.count > 0, b.count > 0, let j = firstMeeting(of: b, with: a) else { return nil }
        let bj = b.start + j * b.period
        // The first occurrence of A that ends after b_j is the one it meets first.
        let i = min(a.count - 1, max(0, floorDiv(bj - a.length - a.start, a.period) + 1))
        return max(a.start + i * a.period, bj)
    }

    /// The smallest j such that B's occurrence j meets some occurrence of A.
    static func firstMeeting(of b: Recurrence, with a: Recurrence) -> Int64? {
        var best: Int64?
        func consider(_ j: Int64?) { if let j, j < (best ?? .max) { best = j } }
        // B's first occurrence starting in (x − Lb, x + La) meets A's occurrence at x.
        func meeting(at x: Int64) -> Int64? {
            let j = max(0, floorDiv(x - b.length - b.start, b.period) + 1)
            return j < b.count && b.start + j * b.period < x + a.length ? j : nil
        }
        consider(meeting(at: a.start))
        consider(meeting(at: a.last))
        guard a.count > 1 else { return best }
        // Between A's ends every candidate occurrence of A exists, so only the congruence matters.
        let low = a.start + a.length - 1, high = a.last - b.length + 1
        let first = max(0, ceilDiv(low - b.start, b.period)), final = min(b.count - 1, floorDiv(high - b.start, b.period))
        guard first <= final else { return best }
        let window = a.length + b.length - 2
        let p = a.period
        let q = mod(b.period, p)
        let c = mod(mod(b.start - a.start + b.length - 1, p) + mulmod(q, mod(first, p), p), p)
        if let t = firstInWindow(multiplier: q, offset: c, modulus: p, upTo: window), t <= final - first {
            consider(first + t)
        }
        return best
    }

    /// The smallest t ≥ 0 with `(multiplier·t + offset) mod modulus` in `0...upTo`.
    static func firstInWindow(multiplier a: Int64, offset b: Int64, modulus m: Int64, upTo w: Int64) -> Int64? {
        if w >= m - 1 { return 0 }
        // (a·t + b) mod m ∈ [0, w]  ⟺  (a·t) mod m ∈ [m − b, m − b + w] (mod m), split where it wraps.
        let l = mod(-b, m), r = l + w
        if r < m { return firstMultiple(a, m, l, r) }
        return [firstMultiple(a, m, l, m - 1), firstMultiple(a, m, 0, r - m)].compactMap { $0 }.min()
    }

    /// The smallest x ≥ 0 with `l ≤ (a·x) mod m ≤ r`, where `0 ≤ l ≤ r < m`; nil if none.
    ///
    /// If `[l, r]` holds no multiple of `a`, a solution wraps y times: `a·x ∈ [l + m·y, r + m·y]`,
    /// and that interval holds a multiple of a exactly when `(m·y) mod a` lies in
    /// `[(−r) mod a, (−l) mod a]` — the same problem with (m mod a, a) in place of (a, m).
    static func firstMultiple(_ a: Int64, _ m: Int64, _ l: Int64, _ r: Int64) -> Int64? {
        if l == 0 { return 0 }
        let a = mod(a, m)
        if a == 0 { return nil }
        let k = (l + a - 1) / a
        if a * k <= r { return k }
        guard let y = firstMultiple(mod(m, a), a, mod(-r, a), mod(-l, a)) else { return nil }
        let x = (Int128(l) + Int128(m) * Int128(y) + Int128(a) - 1) / Int128(a)
        return x <= Int128(Int64.max) ? Int64(x) : nil
    }
}

@inline(__always) func mod(_ a: Int64, _ m: Int64) -> Int64 {
    let r = a % m
    return r < 0 ? r + m : r
}

/// `a·b mod m` without overflow, for `0 ≤ a, b < m`.
@inline(__always) func mulmod(_ a: Int64, _ b: Int64, _ m: Int64) -> Int64 {
    Int64((Int128(a) * Int128(b)) % Int128(m))
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always) func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
    -floorDiv(-a, b)
}
