import StampedeCache
import StampedeKernel
import StampedeModel

extension AuthService {
    // MARK: Validate

    /// Checks an access token for one permission: signature, expiry, the session (still
    /// live, within its idle and absolute timeouts) and the user's current permissions.
    public func validate(_ token: AccessToken, permission: Permission) async -> Result<UserID, DenyReason> {
        let start = clock.now
        if let refused = admissionDenial() { return .failure(refused) }
        await useCores(for: tokenCost.next())
        guard let claims = signer.verify(token) else { return .failure(.badSignature) }
        return await decide(claims, permission: permission, start: start)
    }

    private func decide(_ claims: TokenClaims, permission: Permission, start: SimInstant) async -> Result<UserID, DenyReason> {
        if clock.now >= claims.expiresAt { return .failure(.tokenExpired) }
        let session: SessionRecord
        do {
            guard let s = try await loadSession(claims.session), s.user == claims.user else { return .failure(.sessionUnknown) }
            session = s
        } catch {
            return .failure(.unavailable)
        }
        if let reason = sessionProblem(session) { return .failure(reason) }
        let permissions: PermissionSet
        do {
            guard let p = try await loadPermissions(claims.user) else { return .failure(.sessionUnknown) }
            permissions = p
        } catch {
            return .failure(.unavailable)
        }
        guard permissions.contains(permission) else { return .failure(.permissionDenied) }
        if start - session.lastSeen >= config.sessions.touchInterval { await touch(session, at: start) }
        return .success(claims.user)
    }

    /// Why a session no longer authorizes anything, judged at the current time.
    func sessionProblem(_ s: SessionRecord) -> DenyReason? {
        let now = clock.now
        if s.revoked { return .sessionRevoked }
        if now - s.issuedAt > config.sessions.absoluteTimeout { return .absoluteTimeout }
        if now - s.lastSeen > config.sessions.idleTimeout { return .idleTimeout }
        return nil
    }

    /// Records activity: the store first, then the cache as the session's strategy says
    /// (write-through: `SET XX`, so a touch racing a logout cannot re-create the deleted entry).
    private func touch(_ session: SessionRecord, at start: SimInstant) async {
        var touched = session
        touched.lastSeen = max(session.lastSeen, start)
        let id = session.id
        _ = try? await strategy(.sessions).write(.session(id), .update, predicted: .session(touched)) {
            [store] () async throws(BackendError) -> CacheValue? in
            try await store.touchSession(id: id, at: start).map { .session($0) }
        }
    }

    // MARK: Refresh

    /// Redeems a refresh token for a new access token and a rotated refresh token.
    /// Presenting a spent token revokes the whole family (the session).
    public func refresh(_ token: RefreshTokenID) async -> Result<Grant, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let next = randomToken()
        let redemption: RefreshRedemption
        do { redemption = try await store.redeemRefresh(token, next: next) } catch { return .failure(.unavailable) }
        switch redemption {
        case .unknown:
            return .failure(.refreshUnknown)
        case .revoked:
            return .failure(.sessionRevoked)
        case .reused(let s):
            await strategy(.sessions).afterStoreWrite(.session(s.id), .invalidate, value: .session(s))
            return .failure(.refreshReused)
        case .rotated(let s):
            await strategy(.sessions).afterStoreWrite(.session(s.id), .update, value: .session(s))
            if let reason = sessionProblem(s) { return .failure(reason) }
            await useCores(for: tokenCost.next())
            let user = try? await loadPermissionVersion(s.user)
            let access = signer.sign(TokenClaims(user: s.user, session: s.id, issuedAt: clock.now,
                                                 expiresAt: clock.now + config.sessions.accessTokenTTL, permissionVersion: user ?? 0))
            return .success(Grant(user: s.user, session: s.id, access: access, refresh: next))
        }
    }

    // MARK: Logout

    /// Revokes the session in the store and, as the sessions' strategy says, in the cache
    /// (write-through deletes it; write-behind marks it revoked in the cache and queues the store).
    public func logout(session id: SessionID, user: UserID) async -> Result<Void, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let strategy = strategy(.sessions)
        var predicted: CacheValue?
        if strategy.defersWrites, var s = try? await loadSession(id) {
            s.revoked = true
            predicted = .session(s)
        }
        do {
            try await strategy.write(.session(id), .invalidate, predicted: predicted) {
                [store] () async throws(BackendError) -> CacheValue? in
                guard var s = try await store.revokeSession(id: id) else { return nil }
                s.revoked = true
                return .session(s)
            }
        } catch {
            return .failure(.unavailable)
        }
        return .success(())
    }
}
