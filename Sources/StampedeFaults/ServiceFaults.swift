import StampedeKernel
import StampedeModel

/// The service process down (restarting) as a decorator of the system boundary: while the
/// plan says the process is down, every request fails fast as `unavailable`, at the door.
public final class ServiceOutage: AuthSystem {
    let base: any AuthSystem
    let plan: ServiceFaultPlan
    let clock: any SimClock

    public init(wrapping base: any AuthSystem, plan: ServiceFaultPlan, clock: any SimClock) {
        self.base = base; self.plan = plan; self.clock = clock
    }

    @inline(__always)
    private var down: Bool { plan.isDown(at: clock.now) }

    public func register(id: UserID, email: String, password: String, permissions: PermissionSet) async -> Result<UserID, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.register(id: id, email: email, password: password, permissions: permissions)
    }

    public func authenticate(email: String, password: String) async -> Result<LoginStep, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.authenticate(email: email, password: password)
    }

    public func issueOTP(user: UserID) async -> Result<OTPChallenge, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.issueOTP(user: user)
    }

    public func verifyOTP(user: UserID, code: String) async -> OTPVerdict {
        if down { return OTPVerdict(serial: 0, result: .failure(.unavailable)) }
        return await base.verifyOTP(user: user, code: code)
    }

    public func completeLogin(user: UserID, code: String) async -> OTPLogin {
        if down { return OTPLogin(verdict: OTPVerdict(serial: 0, result: .failure(.unavailable)), grant: .failure(.unavailable)) }
        return await base.completeLogin(user: user, code: code)
    }

    public func validate(_ token: AccessToken, permission: Permission) async -> Result<UserID, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.validate(token, permission: permission)
    }

    public func refresh(_ token: RefreshTokenID) async -> Result<Grant, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.refresh(token)
    }

    public func logout(session: SessionID, user: UserID) async -> Result<Void, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.logout(session: session, user: user)
    }

    public func changePassword(user: UserID, old: String, new: String, from session: SessionID?) async -> Result<PasswordChange, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.changePassword(user: user, old: old, new: new, from: session)
    }

    public func resetPassword(user: UserID, new: String) async -> Result<PasswordChange, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.resetPassword(user: user, new: new)
    }

    public func changePermissions(user: UserID, to permissions: PermissionSet) async -> Result<UInt32, DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.changePermissions(user: user, to: permissions)
    }

    public func logoutEverywhere(user: UserID) async -> Result<[SessionID], DenyReason> {
        if down { return .failure(.unavailable) }
        return await base.logoutEverywhere(user: user)
    }
}

/// CPU cost scaled by the plan's CPU faults (a hashing spike, a warm-up after a restart):
/// the service holds a core as long as the slowed work takes.
public final class SlowedCPU: ServiceCPU {
    let base: any ServiceCPU
    let plan: ServiceFaultPlan
    let clock: any SimClock

    public init(wrapping base: any ServiceCPU, plan: ServiceFaultPlan, clock: any SimClock) {
        self.base = base; self.plan = plan; self.clock = clock
    }

    public func spend(_ work: SimDuration) async {
        await base.spend(work * plan.cpuFactor(at: clock.now))
    }

    public var queueLength: Int { base.queueLength }
}
