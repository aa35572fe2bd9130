/// The candidate nearest to a misspelt name, if one is close enough to be a plausible typo.
///
/// Distance is optimal-string-alignment edit distance (insert, delete, substitute, swap two
/// neighbours), ignoring case. "Close enough" allows one edit per three characters of the
/// longer of the two words, at least one, and never a rewrite of the whole candidate: so
/// `nameex` (two letters too many) suggests `name`, while `rate` (two of four letters
/// different) does not. Ties go to the candidate listed first, so the answer does not depend
/// on anything but the list's order.
package func nearest(to word: String, among candidates: [String]) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let scalars = Array(candidate.lowercased().unicodeScalars)
        let distance = editDistance(target, scalars)
        let allowed = max(1, max(target.count, scalars.count) / 3)
        guard distance <= allowed, distance < scalars.count else { continue }
        if distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
}

/// Optimal string alignment distance between two scalar arrays.
package func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Three rolling rows: the swap rule looks two rows back.
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                value = min(value, before[j - 2] + 1)
            }
            current[j] = value
        }
        (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
}

/// `a, b, c` for messages that list the valid choices.
package func oneOf(_ names: [String]) -> String {
    names.count == 1 ? names[0] : "one of " + names.joined(separator: ", ")
}
