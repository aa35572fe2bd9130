import StampedeKernel
import StampedeModel

/// One-time passcodes: one current code per user, judged and consumed atomically.
extension InMemoryStore {
    public func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            var stored = record
            if let old = t.otps[record.user] { stored.version = max(record.version, old.version &+ 1) }
            t.otps[record.user] = stored
            return stored
        }
    }

    public func otp(user: UserID) async throws(BackendError) -> OTPRecord? {
        await roundTrip(.storeQuery)
        return tables.withLock { $0.otps[user] }
    }

    public func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            let outcome = OTPConsumption.judge(t.otps[user], submitted: code, now: at, maxAttempts: maxAttempts)
            switch outcome {
            case .accepted(let r), .wrongCode(let r): t.otps[user] = r
            default: break
            }
            return outcome
        }
    }

    /// The user's current code without a modeled round trip (tests and warming).
    public func currentOTP(user: UserID) -> OTPRecord? {
        tables.withLock { $0.otps[user] }
    }

    /// The user record without a modeled round trip: set-up before traffic and cache warming.
    public func peekUser(id: UserID) -> UserRecord? {
        tables.withLock { t in t.users.record(id, t.emails) }
    }
}
