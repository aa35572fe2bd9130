import StampedeCache
import StampedeKernel
import StampedeModel

extension AuthService {
    /// The user changes their own password from `session`: the old one must match. Every
    /// other session is revoked (the changer's too unless the policy keeps it).
    public func changePassword(user: UserID, old: String, new: String, from session: SessionID?) async -> Result<PasswordChange, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let record: UserRecord
        switch await authoritativeUser(user) {
        case .success(let u): record = u
        case .failure(let r): return .failure(r)
        }
        guard await checkPassword(old, against: record.passwordHash) else { return .failure(.invalidCredentials) }
        let kept = config.sessions.keepChangerSession ? session : nil
        return await replacePassword(record, with: new, keeping: kept)
    }

    /// A reset from elsewhere (another device, an administrator): no old password, and
    /// every session of the user is revoked.
    public func resetPassword(user: UserID, new: String) async -> Result<PasswordChange, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let record: UserRecord
        switch await authoritativeUser(user) {
        case .success(let u): record = u
        case .failure(let r): return .failure(r)
        }
        return await replacePassword(record, with: new, keeping: nil)
    }

    /// The user as the store has it: a password change must not act on a cached copy.
    private func authoritativeUser(_ user: UserID) async -> Result<UserRecord, DenyReason> {
        do {
            guard let u = try await store.user(id: user) else { return .failure(.invalidCredentials) }
            return .success(u)
        } catch {
            return .failure(.unavailable)
        }
    }

    private func replacePassword(_ record: UserRecord, with new: String, keeping kept: SessionID?) async -> Result<PasswordChange, DenyReason> {
        if CredentialPolicy.passwordProblem(new) != nil { return .failure(.weakPassword) }
        let hash = await hashPassword(new)
        let revoked: [SessionID]
        let at = clock.now
        var updated = record
        updated.passwordHash = hash
        updated.passwordChangedAt = at
        let changed = updated
        do {
            try await strategy(.profiles).write(.userByEmail(record.email), .invalidate, predicted: .user(changed)) {
                [store] () async throws(BackendError) -> CacheValue? in
                try await store.updatePassword(user: changed.id, hash: hash, at: at)
                return .user(changed)
            }
            revoked = try await store.revokeSessions(user: record.id, except: kept)
        } catch {
            return .failure(.unavailable)
        }
        for id in revoked { await strategy(.sessions).afterStoreWrite(.session(id), .invalidate, value: nil) }
        return .success(PasswordChange(kept: kept))
    }

    /// Replaces the user's permissions; requests that start after this returns are judged
    /// on the new set.
    public func changePermissions(user: UserID, to permissions: PermissionSet) async -> Result<UInt32, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let strategy = strategy(.permissions)
        var predicted: CacheValue?
        if strategy.defersWrites, let current = try? await loadPermissionVersion(user) {
            predicted = .permissions(permissions, version: current &+ 1)
        }
        let written: CacheValue?
        do {
            written = try await strategy.write(.permissions(user), .invalidate, predicted: predicted) {
                [store] () async throws(BackendError) -> CacheValue? in
                .permissions(permissions, version: try await store.updatePermissions(user: user, permissions: permissions))
            }
        } catch {
            return .failure(.unavailable)
        }
        guard case .permissions(_, let version)? = written else { return .success(0) }
        return .success(version)
    }

    /// Logs out every session of the user.
    public func logoutEverywhere(user: UserID) async -> Result<[SessionID], DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let revoked: [SessionID]
        do { revoked = try await store.revokeSessions(user: user, except: nil) } catch { return .failure(.unavailable) }
        for id in revoked { await strategy(.sessions).afterStoreWrite(.session(id), .invalidate, value: nil) }
        return .success(revoked)
    }
}
