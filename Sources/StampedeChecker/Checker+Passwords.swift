import StampedeKernel
import StampedeModel

/// Password checks at login: a replaced password that still works, and more failed checks
/// per account than the lockout lets through.
extension Checker {
    func passwordChanged(user: UserID, replacement: PasswordReplacement, start: SimInstant, end: SimInstant) {
        var changes = passwordChanges[user] ?? []
        let old = replacement.old ?? changes.last?.replacement.new
        if changes.count == PasswordChangeRecord.kept { changes.removeFirst() }
        changes.append(PasswordChangeRecord(replacement: PasswordReplacement(old: old, new: replacement.new), start: start, end: end))
        passwordChanges[user] = changes
    }

    func passwordChecked(_ c: PasswordCheck) {
        if c.denial == nil { judgeAcceptedPassword(c) }
        if c.failed {
            countFailure(c)
        } else if c.denial != .lockedOut {
            // The right password clears the account's failures at some moment before `end`;
            // a login refused for another reason (`unavailable` after the check, when the
            // session could not be written) may have cleared them too.
            if let i = failedChecks.index(forKey: c.user) {
                failedChecks.values[i].checks.removeAll()
                failedChecks.values[i].clearedAt = max(failedChecks.values[i].clearedAt, c.end)
            } else if config.lockout != nil {
                failedChecks[c.user] = FailedChecks(clearedAt: c.end)
                failedCheckOrder.append((c.end, c.user))
            }
        }
    }

    func serviceRestarted(at: SimInstant) {
        // The service's own counts are gone; what it lets through from here is judged afresh.
        restartedAt = at
        failedChecks.removeAll(keepingCapacity: true)
        failedCheckOrder = SequencedQueue()
    }

    /// A login with a password that a completed change replaced, unless a change that had
    /// started before the login ended set it again.
    private func judgeAcceptedPassword(_ c: PasswordCheck) {
        guard let changes = passwordChanges[c.user] else { return }
        guard let replaced = changes.last(where: { $0.replacement.old == c.password && $0.end < c.start }) else { return }
        let setAgain = changes.contains { $0.replacement.new == c.password && $0.start > replaced.start && $0.start < c.end }
        guard !setAgain else { return }
        let record = WitnessRecord(passwordCheck: c)
        appendWitness(record, user: c.user)
        var change = WitnessRecord(kind: .passwordChanged, session: Token128(high: 0, low: 0), start: replaced.start, end: replaced.end)
        change.hasExtra = false
        report(Detection(finding: .replacedPassword(changeStart: replaced.start, changeEnd: replaced.end), user: c.user,
                         session: Token128(high: 0, low: 0), start: c.start, end: c.end, permission: nil,
                         witness: causalWitness(of: c.user, for: .loginWithReplacedPassword, causes: [change], violating: record)))
    }

    /// A failed check: the limiter lets at most `maxFailures` (per instance) through in any
    /// window. Every check kept here finished inside (end - window, end], since it started
    /// after `end - window` and completed before this one; more of them than the bound is a
    /// violation for certain.
    private func countFailure(_ c: PasswordCheck) {
        guard let lockout = config.lockout, lockout.maxFailures > 0, c.start > restartedAt else { return }
        let bound = lockout.maxFailures * config.serviceInstances
        var state = failedChecks[c.user] ?? FailedChecks(clearedAt: .init(nanoseconds: .min))
        guard c.start > state.clearedAt else { return }
        let horizon = c.end - lockout.window
        let record = WitnessRecord(passwordCheck: c)
        state.checks.removeAll { $0.start <= horizon }
        state.checks.append(record)
        if state.checks.count > bound + 1 {
            // Only whether more than `bound` remain matters: keep the latest starts.
            state.checks.sort { $0.start < $1.start }
            state.checks.removeFirst(state.checks.count - bound - 1)
        }
        let within = state.checks.count
        if failedChecks[c.user] == nil { failedCheckOrder.append((c.end, c.user)) }
        failedChecks[c.user] = state
        appendWitness(record, user: c.user)
        guard within > bound else { return }
        // The witness is the failed checks that counted together, not the user's latest events.
        report(Detection(finding: .lockoutExceeded(failures: within, bound: bound, window: lockout.window), user: c.user,
                         session: Token128(high: 0, low: 0), start: c.start, end: c.end, permission: nil,
                         witness: causalWitness(of: c.user, for: .lockoutExceeded, causes: state.checks.dropLast(), violating: record,
                                                context: 0)))
    }

    /// Forgets the failure counts of accounts with nothing left that a later check could
    /// be counted with.
    func forgetFailedChecks() {
        guard let lockout = config.lockout else { return }
        let horizon = now - lockout.window - config.maxRequestDuration
        while let head = failedCheckOrder.first, head.at < horizon {
            _ = failedCheckOrder.removeFirst()
            guard let state = failedChecks[head.user] else { continue }
            if state.checks.allSatisfy({ $0.start < horizon }) && state.clearedAt < horizon {
                failedChecks.removeValue(forKey: head.user)
            } else {
                failedCheckOrder.append((now, head.user))
            }
        }
    }
}

/// A completed password change as the checker keeps it (the last few per user).
struct PasswordChangeRecord {
    static let kept = 4
    var replacement: PasswordReplacement
    var start: SimInstant
    var end: SimInstant
}

/// One account's failed password checks that may still count together.
struct FailedChecks {
    /// The failed checks that began after `clearedAt` and may still count together, at most
    /// the bound plus one (the latest starts).
    var checks: [WitnessRecord] = []
    /// End of the latest accepted check: failures that began before it may have been cleared.
    var clearedAt: SimInstant

    init(clearedAt: SimInstant) { self.clearedAt = clearedAt }
}
