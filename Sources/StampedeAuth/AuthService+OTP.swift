import StampedeCache
import StampedeKernel
import StampedeModel

extension AuthService {
    /// Issues a six-digit code from the seeded source, valid for `otp.lifetime`; it replaces
    /// any earlier code of the user.
    public func issueOTP(user: UserID) async -> Result<OTPChallenge, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let start = clock.now
        let (code, serial) = rng.withLock { r in (UInt32(r.nextInt(below: 1_000_000)), r.next() | 1) }
        let record = OTPRecord(user: user, code: code, serial: serial, issuedAt: start, expiresAt: start + config.otp.lifetime)
        do {
            try await strategy(.otp).write(.otp(user), .create, predicted: .otp(record)) {
                [store] () async throws(BackendError) -> CacheValue? in
                .otp(try await store.putOTP(record))
            }
        } catch {
            return .failure(.unavailable)
        }
        return .success(OTPChallenge(user: user, code: record.digits, expiresAt: record.expiresAt, serial: serial))
    }

    /// Submits a code: accepted at most once, never after it expires, and not after
    /// `otp.maxAttempts` wrong tries. Of concurrent submissions of the right code exactly one
    /// is accepted: the store judges atomically, or, under write-behind, the cache by
    /// compare-and-set.
    public func verifyOTP(user: UserID, code: String) async -> OTPVerdict {
        if let refused = admissionDenial() { return OTPVerdict(serial: 0, result: .failure(refused)) }
        let start = clock.now
        let submitted = code.utf8.count == 6 ? UInt32(code) ?? .max : .max
        let outcome: OTPConsumption
        do {
            outcome = try await consumeOTP(user: user, submitted: submitted, start: start)
        } catch {
            return OTPVerdict(serial: 0, result: .failure(.unavailable))
        }
        let serial = outcome.record?.serial ?? 0
        switch outcome {
        case .accepted: return OTPVerdict(serial: serial, result: .success(()))
        case .wrongCode, .none: return OTPVerdict(serial: serial, result: .failure(.otpInvalid))
        case .expired: return OTPVerdict(serial: serial, result: .failure(.otpExpired))
        case .alreadyUsed: return OTPVerdict(serial: serial, result: .failure(.otpUsed))
        case .attemptsExhausted: return OTPVerdict(serial: serial, result: .failure(.otpAttemptsExhausted))
        }
    }

    /// The second step of a login that needs a code: verifies it, then starts the session.
    public func completeLogin(user: UserID, code: String) async -> OTPLogin {
        let verdict = await verifyOTP(user: user, code: code)
        if case .failure(let reason) = verdict.result { return OTPLogin(verdict: verdict, grant: .failure(reason)) }
        let version = (try? await loadPermissionVersion(user)) ?? 0
        return OTPLogin(verdict: verdict, grant: await issueSession(user: user, permissionVersion: version))
    }

    /// Reads the code through its strategy and refuses what needs no atomic check (no code,
    /// used, expired, exhausted); the rest is judged and recorded atomically: by the store, or
    /// under write-behind by compare-and-set in the cache (retried when another submission won).
    private func consumeOTP(user: UserID, submitted: UInt32, start: SimInstant) async throws(BackendError) -> OTPConsumption {
        let max = config.otp.maxAttempts
        let otp = strategy(.otp)
        let behind = otp.deferredWrites
        for _ in 0..<3 {
            let current = try await loadOTP(user)
            let verdict = OTPConsumption.judge(current, submitted: submitted, now: start, maxAttempts: max)
            guard let current, case .accepted(let next) = verdict else {
                guard let current, case .wrongCode(let next) = verdict else { return verdict }
                guard let behind else { return try await consumeInStore(user: user, submitted: submitted, start: start) }
                if try await swap(behind, otp.policy, user, current, next) { return verdict }
                continue
            }
            guard let behind else { return try await consumeInStore(user: user, submitted: submitted, start: start) }
            if try await swap(behind, otp.policy, user, current, next) { return verdict }
        }
        return try await consumeInStore(user: user, submitted: submitted, start: start)
    }

    /// Compare-and-set in the cache; a cache that cannot answer fails closed or, if the policy
    /// allows, leaves the decision to the store.
    private func swap(_ behind: any DeferredWrites, _ policy: DataClassPolicy, _ user: UserID, _ current: OTPRecord,
                      _ next: OTPRecord) async throws(BackendError) -> Bool {
        do {
            return try await behind.swap(.otp(user), expected: .otp(current), new: .otp(next), persist: putter(next))
        } catch {
            if policy.whenUnavailable == .failClosed { throw .unavailable }
            return false
        }
    }

    private func consumeInStore(user: UserID, submitted: UInt32, start: SimInstant) async throws(BackendError) -> OTPConsumption {
        let outcome = try await store.consumeOTP(user: user, code: submitted, at: start, maxAttempts: config.otp.maxAttempts)
        switch outcome {
        case .accepted(let r), .wrongCode(let r):
            await strategy(.otp).afterStoreWrite(.otp(user), .invalidate, value: .otp(r))
        default:
            break
        }
        return outcome
    }

    private func putter(_ record: OTPRecord) -> @Sendable () async throws(BackendError) -> CacheValue? {
        { [store] () async throws(BackendError) -> CacheValue? in .otp(try await store.putOTP(record)) }
    }
}
