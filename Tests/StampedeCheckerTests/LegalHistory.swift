import StampedeChecker
import StampedeKernel
import StampedeModel

/// A random history of a correct system, with the requests a correct system had to refuse.
///
/// The simulated system allows a request exactly when the rules allow it, judged with full
/// knowledge of every event (including those still in flight when the request completed),
/// and also refuses some legal requests at random. Requests take at most 4 s, under the
/// checker's 5 s `maxRequestDuration`.
struct LegalHistory {
    var config: CheckerConfig
    /// In completion order.
    var events: [HistoryEvent] = []
    /// Positions in `events` of refused requests that would have been violations, with why.
    var illegal: [(index: Int, reasons: Set<Invariant>)] = []

    init(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        config = testConfig(staleness: .milliseconds(Double(rng.between(0, 2) * 1_000)), keepChangerSession: rng.chance(0.5))
        var builder = Builder(config: config, seed: seed)
        for u in 0..<(2 + rng.nextInt(below: 8)) {
            builder.user(UserID(u), rng: &rng)
        }
        for _ in 0..<rng.nextInt(below: 5) {
            let t = rng.between(0, 300_000)
            builder.emit(validate(UserID(0), builder.fresh(), read, t, t + 1, allowed: false), at: t + 1)
        }
        (events, illegal) = builder.finish()
    }

    /// The first history, from `seed` on, with at least one request a correct system had to
    /// refuse (most seeds have one; a few users with no logout or change may have none).
    init(withIllegalRequestNear seed: UInt64) {
        var candidate = seed
        self.init(seed: candidate)
        for _ in 0..<64 where illegal.isEmpty {
            candidate &+= 1 << 32
            self.init(seed: candidate)
        }
    }
}

private struct Change { var start: Int64; var end: Int64; var set: PermissionSet }
private struct Session { var id: SessionID; var issued: Int64; var logoutEnd: Int64? }

private struct Builder {
    let config: CheckerConfig
    let seed: UInt64
    var counter: UInt64 = 0
    var pending: [(end: Int64, event: HistoryEvent, reasons: Set<Invariant>)] = []

    init(config: CheckerConfig, seed: UInt64) { self.config = config; self.seed = seed }

    mutating func fresh() -> Token128 { counter += 1; return Token128(high: seed, low: counter) }

    mutating func emit(_ event: HistoryEvent, at end: Int64, illegal reasons: Set<Invariant> = []) {
        pending.append((end, event, reasons))
    }

    mutating func user(_ user: UserID, rng: inout Xoshiro256) {
        var changes: [Change] = []
        var t = rng.between(0, 30_000)
        for _ in 0..<rng.nextInt(below: 6) {
            let change = Change(start: t, end: t + rng.between(0, 2_000), set: PermissionSet(bits: rng.next() & 0b111))
            changes.append(change)
            emit(.permissionsChanged(user: user, permissions: change.set, start: ms(change.start), end: ms(change.end)), at: change.end)
            t = change.end + rng.between(1, 40_000)
        }
        var sessions: [Session] = []
        for _ in 0..<(1 + rng.nextInt(below: 4)) {
            let issue = rng.between(0, 200_000)
            var session = Session(id: fresh(), issued: issue, logoutEnd: nil)
            emit(.sessionIssued(user: user, session: session.id, at: ms(issue)), at: issue)
            if rng.chance(0.4) {
                let start = issue + rng.between(0, 50_000)
                session.logoutEnd = start + rng.between(0, 2_000)
                emit(.logout(user: user, session: session.id, start: ms(start), end: ms(session.logoutEnd!)), at: session.logoutEnd!)
            }
            sessions.append(session)
        }
        var passwordChanges: [(start: Int64, end: Int64, kept: SessionID?)] = []
        for _ in 0..<rng.nextInt(below: 3) {
            let start = rng.between(0, 250_000)
            let candidates = sessions.filter { $0.issued < start }
            let kept = candidates.isEmpty || rng.chance(0.3) ? nil : candidates[rng.nextInt(below: candidates.count)].id
            let change = (start: start, end: start + rng.between(0, 2_000), kept: kept)
            passwordChanges.append(change)
            emit(.passwordChanged(user: user, kept: kept, start: ms(start), end: ms(change.end)), at: change.end)
        }
        for session in sessions {
            var start = session.issued
            var lastAllowed = session.issued
            for _ in 0..<rng.nextInt(below: 30) {
                // Mostly busy, sometimes a pause around the idle timeout; mostly fast, sometimes slow.
                start += rng.chance(0.8) ? rng.between(1, 3_000) : rng.between(8_000, 12_000)
                let end = start + (rng.chance(0.7) ? rng.between(0, 200) : rng.between(0, 4_000))
                let permission: Permission? = rng.chance(0.2) ? nil : Permission(index: rng.nextInt(below: 3))
                var reasons: Set<Invariant> = []
                if let logoutEnd = session.logoutEnd, start > logoutEnd { reasons.insert(.afterLogout) }
                for change in passwordChanges where session.issued < change.start && change.end < start {
                    if !(config.sessions.keepChangerSession && change.kept == session.id) { reasons.insert(.afterPasswordChange) }
                }
                if start - session.issued > 60_000 { reasons.insert(.absoluteTimeout) }
                if start - lastAllowed > 10_000 { reasons.insert(.idleTimeout) }
                if let p = permission, !permitted(p, start: start, end: end, changes: changes) {
                    reasons.insert(.revokedPermission)
                }
                let allowed = reasons.isEmpty && !rng.chance(0.1)
                if allowed { lastAllowed = start }
                emit(.authorization(Authorization(
                    user: user, session: session.id, permission: permission, start: ms(start), end: ms(end),
                    allowed: allowed, reason: allowed ? nil : .sessionRevoked
                )), at: end, illegal: reasons)
                if allowed, permission == nil {
                    emit(.refreshRedeemed(user: user, session: session.id, token: fresh(), start: ms(start), end: ms(end)), at: end)
                }
            }
        }
    }

    /// Whether `p` may be honoured: in the binding set when the request started, or in a
    /// change not yet binding then that had started before the request ended.
    func permitted(_ p: Permission, start: Int64, end: Int64, changes: [Change]) -> Bool {
        let staleness = config.permissionStaleness.nanoseconds / 1_000_000
        let binding = changes.last { $0.end + staleness < start }?.set ?? config.initialPermissions
        if binding.contains(p) { return true }
        return changes.contains { $0.end + staleness >= start && $0.start < end && $0.set.contains(p) }
    }

    func finish() -> ([HistoryEvent], [(index: Int, reasons: Set<Invariant>)]) {
        let ordered = pending.enumerated().sorted { ($0.element.end, $0.offset) < ($1.element.end, $1.offset) }
        var illegal: [(index: Int, reasons: Set<Invariant>)] = []
        for (i, entry) in ordered.enumerated() where !entry.element.reasons.isEmpty {
            illegal.append((i, entry.element.reasons))
        }
        return (ordered.map(\.element.event), illegal)
    }
}

extension Xoshiro256 {
    /// A uniform integer in `lo...hi`.
    mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(nextInt(below: Int(hi - lo + 1))) }
}
