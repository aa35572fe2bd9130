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
        let outcome = await decide(claims, permission: permission, start: start)
        let allowed: Bool
        if case .success = outcome { allowed = true } else { allowed = false }
        var reason: DenyReason?
        if case .failure(let r) = outcome { reason = r }
        observer?.record(.authorization(Authorization(
            user: claims.user, session: claims.session, permission: permission,
            start: start, end: clock.now, allowed: allowed, reason: reason)))
        return outcome
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
        if start - session.lastSeen >= config.touchInterval { await touch(session.id, at: start) }
        return .success(claims.user)
    }

    /// Why a session no longer authorizes anything, judged at the current time.
    func sessionProblem(_ s: SessionRecord) -> DenyReason? {
        let now = clock.now
        if s.revoked { return .sessionRevoked }
        if now - s.issuedAt > config.absoluteTimeout { return .absoluteTimeout }
        if now - s.lastSeen > config.idleTimeout { return .idleTimeout }
        return nil
    }

    /// Records activity: the store first, then the cache only if it still holds the session
    /// (`SET XX`), so a touch racing a logout cannot re-create the deleted entry.
    private func touch(_ id: SessionID, at start: SimInstant) async {
        guard let updated = try? await store.touchSession(id: id, at: start) else { return }
        if backlog.contains(.session(id)) { return }
        _ = try? await cache.update(.session(id), .session(updated), ttl: config.absoluteTimeout)
    }

    // MARK: Refresh

    /// Redeems a refresh token for a new access token and a rotated refresh token.
    /// Presenting a spent token revokes the whole family (the session).
    public func refresh(_ token: RefreshTokenID) async -> Result<Grant, DenyReason> {
        let start = clock.now
        if let refused = admissionDenial() { return .failure(refused) }
        let next = randomToken()
        let redemption: RefreshRedemption
        do { redemption = try await store.redeemRefresh(token, next: next) } catch { return .failure(.unavailable) }
        let outcome: Result<Grant, DenyReason>
        var session: SessionRecord?
        switch redemption {
        case .unknown:
            outcome = .failure(.refreshUnknown)
        case .revoked(let s):
            session = s
            outcome = .failure(.sessionRevoked)
        case .reused(let s):
            session = s
            await invalidate(.session(s.id))
            outcome = .failure(.refreshReused)
        case .rotated(let s):
            session = s
            if let reason = sessionProblem(s) {
                outcome = .failure(reason)
            } else {
                await useCores(for: tokenCost.next())
                let user = try? await loadPermissionVersion(s.user)
                let access = signer.sign(TokenClaims(user: s.user, session: s.id, issuedAt: clock.now,
                                                     expiresAt: clock.now + config.accessTokenTTL, permissionVersion: user ?? 0))
                outcome = .success(Grant(user: s.user, session: s.id, access: access, refresh: next))
                observer?.record(.refreshRedeemed(user: s.user, session: s.id, token: token, start: start, end: clock.now))
            }
        }
        if let s = session {
            var allowed = false
            var reason: DenyReason?
            switch outcome {
            case .success: allowed = true
            case .failure(let r): reason = r
            }
            observer?.record(.authorization(Authorization(user: s.user, session: s.id, permission: nil,
                                                          start: start, end: clock.now, allowed: allowed, reason: reason)))
        }
        return outcome
    }

    private func loadPermissionVersion(_ user: UserID) async throws(BackendError) -> UInt32? {
        if let cached = await cachedValue(.permissions(user)), case .permissions(_, let v) = cached { return v }
        return try await store.user(id: user)?.permissionVersion
    }

    // MARK: Logout

    /// Revokes the session in the store, then removes it from the cache.
    public func logout(session id: SessionID, user: UserID) async -> Result<Void, DenyReason> {
        let start = clock.now
        if let refused = admissionDenial() { return .failure(refused) }
        do { _ = try await store.revokeSession(id: id) } catch { return .failure(.unavailable) }
        if !config.skipLogoutCacheInvalidation { await invalidate(.session(id)) }
        observer?.record(.logout(user: user, session: id, start: start, end: clock.now))
        return .success(())
    }
}
