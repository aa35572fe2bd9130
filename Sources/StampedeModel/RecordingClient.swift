import StampedeKernel

/// Where the harness writes the history it records at the system boundary.
public protocol HistorySink: AnyObject, Sendable {
    func record(_ event: HistoryEvent)
}

/// The workload's handle on the system under test.
///
/// Each call goes to the `AuthSystem`; what a client saw of it — when the request started,
/// when it completed and how it ended — goes to the history the checker judges, as Jepsen
/// records invoke and completion at its client. The client supplies what it knows and the
/// system need not say (which session a token belongs to), so nothing here reads the
/// system's internals.
public final class RecordingClient: Sendable {
    public let system: any AuthSystem
    public let clock: any SimClock
    public let history: any HistorySink

    public init(system: any AuthSystem, clock: any SimClock, history: any HistorySink) {
        self.system = system; self.clock = clock; self.history = history
    }

    public func register(id: UserID, email: String, password: String, permissions: PermissionSet) async -> Result<UserID, DenyReason> {
        await system.register(id: id, email: email, password: password, permissions: permissions)
    }

    /// A login that needs no code: the session, or why not (`otpRequired` when it needs one).
    public func login(email: String, password: String, as account: UserID? = nil) async -> Result<Grant, DenyReason> {
        await authenticate(email: email, password: password, as: account).session
    }

    /// A login; a granted one is a session issued when the login completes.
    ///
    /// - Parameter account: the account the client knows `email` belongs to. Given, the
    ///   password check goes into the history (which password, and whether it worked); nil
    ///   when the account may not exist (a registration that may have failed), since a wrong
    ///   password and an unknown email look the same from here.
    public func authenticate(email: String, password: String, as account: UserID? = nil) async -> Result<LoginStep, DenyReason> {
        let start = clock.now
        let r = await system.authenticate(email: email, password: password)
        loggedIn(r, password: password, as: account, start: start)
        return r
    }

    /// Out of line, so the events it builds sit on the thread's stack rather than in the
    /// frame every suspended login keeps.
    @inline(never)
    private func loggedIn(_ r: Result<LoginStep, DenyReason>, password: String, as account: UserID?, start: SimInstant) {
        if let account {
            history.record(.passwordChecked(PasswordCheck(user: account, password: PasswordFingerprint(password),
                                                          start: start, end: clock.now, denial: r.denial)))
        }
        if case .success(.granted(let g)) = r { history.record(.sessionIssued(user: g.user, session: g.session, at: clock.now)) }
    }

    public func issueOTP(user: UserID) async -> Result<OTPChallenge, DenyReason> {
        let r = await system.issueOTP(user: user)
        if case .success(let c) = r {
            history.record(.otpIssued(user: user, serial: c.serial, expiresAt: c.expiresAt, at: clock.now))
        }
        return r
    }

    public func verifyOTP(user: UserID, code: String) async -> Result<Void, DenyReason> {
        let start = clock.now
        let v = await system.verifyOTP(user: user, code: code)
        recordVerdict(v, user: user, start: start)
        return v.result
    }

    /// A login's second step: the code's verdict and, when it was accepted, the session.
    public func completeLogin(user: UserID, code: String) async -> Result<Grant, DenyReason> {
        let start = clock.now
        let login = await system.completeLogin(user: user, code: code)
        recordVerdict(login.verdict, user: user, start: start)
        if case .success(let g) = login.grant { history.record(.sessionIssued(user: g.user, session: g.session, at: clock.now)) }
        return login.grant
    }

    private func recordVerdict(_ v: OTPVerdict, user: UserID, start: SimInstant) {
        history.record(.otpVerified(OTPVerification(user: user, serial: v.serial, start: start, end: clock.now,
                                                    accepted: v.accepted)))
    }

    /// Validates `token`, which the client holds for `user`'s `session`.
    public func validate(_ token: AccessToken, of user: UserID, session: SessionID, permission: Permission) async -> Result<UserID, DenyReason> {
        let start = clock.now
        let r = await system.validate(token, permission: permission)
        authorization(user, session, permission, start, r.denial)
        return r
    }

    /// Redeems `token`, which the client holds for `user`'s `session`.
    public func refresh(_ token: RefreshTokenID, of user: UserID, session: SessionID) async -> Result<Grant, DenyReason> {
        let start = clock.now
        let r = await system.refresh(token)
        if case .success = r {
            history.record(.refreshRedeemed(user: user, session: session, token: token, start: start, end: clock.now))
        }
        authorization(user, session, nil, start, r.denial)
        return r
    }

    @inline(never)
    private func authorization(_ user: UserID, _ session: SessionID, _ permission: Permission?, _ start: SimInstant,
                               _ denial: DenyReason?) {
        history.record(.authorization(Authorization(user: user, session: session, permission: permission, start: start,
                                                    end: clock.now, allowed: denial == nil, reason: denial)))
    }

    public func logout(session: SessionID, user: UserID) async -> Result<Void, DenyReason> {
        let start = clock.now
        let r = await system.logout(session: session, user: user)
        if case .success = r { history.record(.logout(user: user, session: session, start: start, end: clock.now)) }
        return r
    }

    public func changePassword(user: UserID, old: String, new: String, from session: SessionID?) async -> Result<PasswordChange, DenyReason> {
        let start = clock.now
        let r = await system.changePassword(user: user, old: old, new: new, from: session)
        passwordChanged(user, r, start, PasswordReplacement(old: PasswordFingerprint(old), new: PasswordFingerprint(new)))
        return r
    }

    /// An administrator's reset; `old` is the password the caller believes it replaces.
    public func resetPassword(user: UserID, new: String, replacing old: String? = nil) async -> Result<PasswordChange, DenyReason> {
        let start = clock.now
        let r = await system.resetPassword(user: user, new: new)
        passwordChanged(user, r, start, PasswordReplacement(old: old.map(PasswordFingerprint.init), new: PasswordFingerprint(new)))
        return r
    }

    private func passwordChanged(_ user: UserID, _ r: Result<PasswordChange, DenyReason>, _ start: SimInstant,
                                 _ password: PasswordReplacement) {
        guard case .success(let change) = r else { return }
        history.record(.passwordChanged(user: user, kept: change.kept, start: start, end: clock.now, password: password))
    }

    public func changePermissions(user: UserID, to permissions: PermissionSet) async -> Result<UInt32, DenyReason> {
        let start = clock.now
        let r = await system.changePermissions(user: user, to: permissions)
        if case .success = r {
            history.record(.permissionsChanged(user: user, permissions: permissions, start: start, end: clock.now))
        }
        return r
    }

    public func logoutEverywhere(user: UserID) async -> Result<[SessionID], DenyReason> {
        let start = clock.now
        let r = await system.logoutEverywhere(user: user)
        if case .success(let revoked) = r {
            let end = clock.now
            for id in revoked { history.record(.logout(user: user, session: id, start: start, end: end)) }
        }
        return r
    }

}

extension Result where Failure == DenyReason {
    /// The reason of a failure, nil on success.
    package var denial: DenyReason? {
        if case .failure(let reason) = self { return reason }
        return nil
    }
}
