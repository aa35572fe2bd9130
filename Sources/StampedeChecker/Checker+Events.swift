import StampedeKernel
import StampedeModel

/// Applying each kind of event to the checker's state.
extension Checker {
    func issue(user: UserID, session: SessionID, at: SimInstant) {
        let (ordinal, inserted) = sessions.insert(SessionState(id: session, user: user, issuedAt: at))
        guard inserted else { return }
        let record = WitnessRecord(kind: .issued, session: session, start: at, end: at)
        users[user, default: UserState()].sessions.append(ordinal)
        appendWitness(record, user: user)
    }

    func logout(user: UserID, session: SessionID, start: SimInstant, end: SimInstant) {
        appendWitness(WitnessRecord(kind: .logout, session: session, start: start, end: end), user: user)
        guard let i = sessions.ordinal(of: session), sessions[i].logoutEnd == nil else { return }
        sessions[i].loggedOut(start: start, end: end)
    }

    func changePassword(user: UserID, kept: SessionID?, start: SimInstant, end: SimInstant) {
        var record = WitnessRecord(kind: .passwordChanged, session: kept ?? Token128(high: 0, low: 0), start: start, end: end)
        if let kept { record.hasExtra = true; record.extra = kept }
        appendWitness(record, user: user)
        guard let state = users[user] else { return }
        // Sessions issued during the change are ambiguous; those issued after it are unaffected.
        for i in state.sessions {
            if config.sessions.keepChangerSession, sessions[i].id == kept { continue }
            if sessions[i].issuedAt < start, sessions[i].passwordChange == nil {
                sessions[i].passwordChange = (start, end)
            }
        }
    }

    func changePermissions(user: UserID, set: PermissionSet, start: SimInstant, end: SimInstant) {
        let change = PermissionChange(start: start, end: end, binding: end + config.permissionStaleness, set: set)
        var state = users.removeValue(forKey: user) ?? UserState()
        var timeline = state.permissions ?? PermissionTimeline(initial: config.initialPermissions)
        timeline.append(change, horizon: now - config.maxRequestDuration)
        state.permissions = timeline
        var record = WitnessRecord(kind: .permissionsChanged, session: Token128(high: 0, low: 0), start: start, end: end)
        record.extra = Token128(high: set.bits, low: 0)
        state.ring.append(record, capacity: config.witnessLength)
        // A grant that started before a suspect request ended may have been visible to it.
        state.pendingPermission.removeAll { sequence in
            guard let p = suspects[sequence].detection.permission,
                  set.contains(p), start < suspects[sequence].detection.end else { return false }
            cancel(sequence)
            return true
        }
        users[user] = state
    }

    func redeem(user: UserID, session: SessionID, token: RefreshTokenID, start: SimInstant, end: SimInstant) {
        var record = WitnessRecord(kind: .refreshRedeemed, session: session, start: start, end: end)
        record.extra = token
        appendWitness(record, user: user)
        guard let i = sessions.ordinal(of: session) else { return }
        if let first = sessions[i].redemption(of: token) {
            var firstRecord = WitnessRecord(kind: .refreshRedeemed, session: session, start: first.start, end: first.end)
            firstRecord.extra = token
            let causes = [issueRecord(session, sessions[i]), firstRecord]
            report(Detection(
                finding: .refreshReuse(token: token, firstEnd: first.end), user: user, session: session,
                start: start, end: end, permission: nil,
                witness: causalWitness(of: user, for: .refreshReuse, causes: causes, violating: record)
            ))
        } else {
            sessions[i].redeemed(Redemption(token: token, start: start, end: end))
        }
    }

    func authorize(_ a: Authorization) {
        let record = WitnessRecord(a)
        appendWitness(record, user: a.user)
        guard a.allowed else { return }
        func detection(_ finding: Finding, causes: [WitnessRecord]) -> Detection {
            Detection(finding: finding, user: a.user, session: a.session, start: a.start, end: a.end, permission: a.permission,
                      witness: causalWitness(of: a.user, for: finding.invariant, causes: causes, violating: record))
        }
        guard let i = sessions.ordinal(of: a.session) else {
            report(detection(.unknownSession, causes: []))
            return
        }
        let state = sessions[i]
        let issue = issueRecord(a.session, state)
        if let end = state.logoutEnd, a.start > end {
            let logout = WitnessRecord(kind: .logout, session: a.session, start: state.logoutStart, end: end)
            report(detection(.afterLogout(logoutEnd: end), causes: [issue, logout]))
        }
        if let change = state.passwordChange, a.start > change.end {
            let changed = WitnessRecord(kind: .passwordChanged, session: Token128(high: 0, low: 0), start: change.start, end: change.end)
            report(detection(.afterPasswordChange(changeStart: change.start, changeEnd: change.end, issuedAt: state.issuedAt),
                             causes: [issue, changed]))
        }
        if a.start - state.issuedAt > config.sessions.absoluteTimeout {
            let deadline = WitnessRecord.deadline(.absolute, session: a.session, at: state.issuedAt + config.sessions.absoluteTimeout)
            report(detection(.absoluteTimeout(issuedAt: state.issuedAt), causes: [issue, deadline]))
        }
        if !state.pendingIdle.isEmpty { excuseIdle(sessionIndex: i, by: a.start) }
        if a.start - state.lastActivity > config.sessions.idleTimeout {
            var last = WitnessRecord(kind: .authorized, session: a.session, start: state.lastActivity, end: state.lastActivity)
            if state.lastActivity == state.issuedAt { last = issue }
            let deadline = WitnessRecord.deadline(.idle, session: a.session, at: state.lastActivity + config.sessions.idleTimeout)
            let sequence = suspect(detection(.idleTimeout(lastActivity: state.lastActivity), causes: [issue, last, deadline]))
            sessions[i].addPendingIdle(sequence)
        }
        if a.start > state.lastActivity { sessions[i].lastActivity = a.start }
        if let p = a.permission { judgePermission(p, a, record) }
        staleAuthorization(a)
    }

    /// An allowed request that started at `start` resets the idle clock for suspects that
    /// started after it, and excuses those that started within the idle timeout of it.
    private func excuseIdle(sessionIndex i: Int, by start: SimInstant) {
        let idle = config.sessions.idleTimeout
        sessions[i].removePendingIdle { sequence in
            let d = suspects[sequence].detection
            guard case .idleTimeout(let last) = d.finding, start <= d.start, start > last else { return false }
            if d.start - start <= idle {
                cancel(sequence)
                return true
            }
            suspects[sequence].detection.finding = .idleTimeout(lastActivity: start)
            return false
        }
    }

    /// The login that issued `session`, as a witness shows it.
    func issueRecord(_ session: SessionID, _ state: SessionState) -> WitnessRecord {
        WitnessRecord(kind: .issued, session: session, start: state.issuedAt, end: state.issuedAt)
    }

    private func judgePermission(_ p: Permission, _ a: Authorization, _ record: WitnessRecord) {
        let timeline = users[a.user]?.permissions
        let allowed = timeline?.allows(p, start: a.start, end: a.end) ?? config.initialPermissions.contains(p)
        guard !allowed else { return }
        let held = timeline?.binding(at: a.start) ?? (set: config.initialPermissions, end: nil)
        var causes: [WitnessRecord] = []
        if let end = held.end {
            var change = WitnessRecord(kind: .permissionsChanged, session: Token128(high: 0, low: 0), start: end, end: end)
            change.extra = Token128(high: held.set.bits, low: 0)
            causes.append(change)
        }
        let sequence = suspect(Detection(
            finding: .revokedPermission(permission: p, held: held.set, changeEnd: held.end),
            user: a.user, session: a.session, start: a.start, end: a.end, permission: p,
            witness: causalWitness(of: a.user, for: .revokedPermission, causes: causes, violating: record)
        ))
        users[a.user, default: UserState()].pendingPermission.append(sequence)
    }
}
