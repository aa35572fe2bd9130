import StampedeKernel
import StampedeModel
import StampedeStore

/// One-time passcodes through the store's fault and resilience decorators.
extension FaultyStore {
    public func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord {
        try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.putOTP(record) }
    }

    public func otp(user: UserID) async throws(BackendError) -> OTPRecord? {
        try await injector.run(.storeQuery) { () async throws(BackendError) in try await base.otp(user: user) }
    }

    public func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        try await injector.run(.storeWrite) { () async throws(BackendError) in
            try await base.consumeOTP(user: user, code: code, at: at, maxAttempts: maxAttempts)
        }
    }
}

extension ResilientStore {
    /// Replacing a user's code is idempotent: the same record twice leaves one code.
    public func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord {
        try await run(true) { () async throws(BackendError) in try await base.putOTP(record) }
    }

    public func otp(user: UserID) async throws(BackendError) -> OTPRecord? {
        try await run(true) { () async throws(BackendError) in try await base.otp(user: user) }
    }

    /// Consuming counts an attempt, so it is not repeated after an ambiguous failure.
    public func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        try await run(false) { () async throws(BackendError) in
            try await base.consumeOTP(user: user, code: code, at: at, maxAttempts: maxAttempts)
        }
    }
}
