import StampedeKernel
import StampedeMetrics
import StampedeModel
import Synchronization

/// Plays one simulated user's journey: a login yields a session that the same user then
/// uses for validations and refreshes until a logout or abandonment.
package final class JourneyRunner: Sendable {
    /// The system under test, through the client that records what it answers.
    package let service: RecordingClient
    package let population: Population
    package let metrics: RunMetrics
    package let clock: any SimClock
    package let end: SimInstant
    package let defaultThink: Distribution
    /// Permission names → indices, in the scenario's order.
    package let permissionIndex: [String: Permission]
    package let defaultPermission: Permission
    package let requests = Atomic<Int>(0)

    package init(service: RecordingClient, population: Population, metrics: RunMetrics, clock: any SimClock, end: SimInstant,
         defaultThink: Distribution, permissions: [String]) {
        self.service = service
        self.population = population
        self.metrics = metrics
        self.clock = clock
        self.end = end
        self.defaultThink = defaultThink
        var index: [String: Permission] = [:]
        for (i, name) in permissions.enumerated() { index[name] = Permission(index: i) }
        self.permissionIndex = index
        self.defaultPermission = Permission(index: 0)
    }

    /// What the simulated client holds while it plays a journey.
    package struct Client {
        var user: UserID
        var grant: Grant?
        /// A session this client logged out, with its tokens (for replay attacks).
        var loggedOut: Grant?
        /// A refresh token this client already redeemed, and its session (for reuse attacks).
        var spentRefresh: Grant?
        /// The code the last login asked for, and the last code accepted (for replay attacks).
        var pendingOTP: OTPChallenge?
        var acceptedOTP: OTPChallenge?
        var rng: Xoshiro256
        var ended = false
        /// Whether the client knows the account exists (preregistered, or registered here):
        /// only then are its password checks history, since an unknown email fails as a
        /// wrong password does.
        var knownAccount: Bool

        /// The account whose password checks are recorded, nil while it may not exist.
        var account: UserID? { knownAccount ? user : nil }
    }

    /// A journey in progress: its client and where it is in its steps.
    ///
    /// While the simulated user thinks between requests this object, on a timer, is all that
    /// is kept of the journey: the task that made the last request ends, and the timer starts
    /// a new one for the next. A task parked through the pause would keep every slab its
    /// deepest request ever took (about 6 KB) until the journey ended.
    final class Play: TimerStart, @unchecked Sendable {
        // @unchecked Sendable: one task at a time uses it, and each hands it on only by
        // starting the next (through a timer, or the wall clock's sleeping task), which
        // orders every access before the next task's.
        let runner: JourneyRunner
        let journey: JourneySpec
        let think: Distribution
        let intendedStart: SimInstant
        let finished: @Sendable () -> Void
        var client: Client
        /// The next step to enter, and the action of the current one with its repeats left.
        var nextStep = 0
        var action: StepAction?
        var repeatsLeft = 0
        var first = true
        /// The request the journey is pausing before.
        var pending: StepAction?

        init(runner: JourneyRunner, journey: JourneySpec, intendedStart: SimInstant, client: Client,
             finished: @escaping @Sendable () -> Void) {
            self.runner = runner; self.journey = journey; self.think = journey.thinkTime ?? runner.defaultThink
            self.intendedStart = intendedStart; self.client = client; self.finished = finished
        }

        /// The action of the next request, entering steps (and drawing whether each is
        /// taken) as they come; nil once none is left.
        func nextAction() -> StepAction? {
            while repeatsLeft == 0 {
                guard nextStep < journey.steps.count else { return nil }
                let step = journey.steps[nextStep]
                nextStep += 1
                if step.probability < 1 && !client.rng.chance(step.probability) { continue }
                action = step.action
                repeatsLeft = step.repeats
            }
            repeatsLeft -= 1
            return action
        }

        func fire() {
            runner.clock.spawner.spawn { [self] in await runner.resume(self) }
        }
    }

    /// Plays `journey`, calling `finished` when it ends. Its first request counts from
    /// `intendedStart` (the scheduled arrival), so a late start in wall-clock mode shows up
    /// as latency instead of being hidden (coordinated omission); later steps stop once the
    /// run has ended. Returns at the journey's first pause: each later request runs in a
    /// task of its own (see `Play`).
    package func play(_ journey: JourneySpec, seed: SeedTree, intendedStart: SimInstant,
                      finished: @escaping @Sendable () -> Void) async {
        var rng = seed.generator()
        let user: UserID
        if case .register? = journey.steps.first?.action {
            user = population.claimUnregistered() ?? population.pickUser(&rng)
        } else {
            user = population.pickUser(&rng)
        }
        let client = Client(user: user, rng: rng, knownAccount: user.index < population.preregistered)
        await proceed(Play(runner: self, journey: journey, intendedStart: intendedStart, client: client, finished: finished))
    }

    /// Makes the journey's requests until it must pause or ends.
    private func proceed(_ p: Play) async {
        while let action = p.nextAction() {
            var start = p.intendedStart
            if !p.first {
                let pause = p.think.sample(&p.client.rng)
                if clock.now + pause >= end { break }
                if pause.nanoseconds > 0 {
                    p.pending = action
                    clock.spawner.fire(p, after: pause, on: clock)
                    return
                }
                start = clock.now
                if start >= end { break }
            }
            p.first = false
            await perform(action, &p.client, start: start)
            if p.client.ended { break }
        }
        finish(p)
    }

    /// After a pause: the request the journey paused before, then the rest.
    private func resume(_ p: Play) async {
        let start = clock.now
        guard start < end, let action = p.pending else { return finish(p) }
        p.pending = nil
        await perform(action, &p.client, start: start)
        if p.client.ended { return finish(p) }
        await proceed(p)
    }

    private func finish(_ p: Play) {
        if p.client.grant != nil { population.sessionEnded(p.client.user) }
        p.finished()
    }

    package func record(_ op: Operation, _ start: SimInstant, _ denial: DenyReason?) {
        requests.add(1, ordering: .relaxed)
        metrics.recordOperation(op, start: start, end: clock.now, outcome: denial.map { .denied($0) } ?? .ok)
    }

    /// Plays one step. Each step is its own function, kept out of line: an async function's
    /// frame holds every local of every path through it for as long as it is suspended, so
    /// one switch over all steps made every waiting journey carry the largest step's frame
    /// (1.6 KB) on its task's stack.
    @inline(never)
    private func perform(_ action: StepAction, _ c: inout Client, start: SimInstant) async {
        switch action {
        case .register: await register(&c, start: start)
        case .login: await login(&c, start: start)
        case .loginWrongPassword: await loginWrongPassword(&c, start: start)
        case .loginOldPassword: await loginOldPassword(&c, start: start)
        case .validate(let name): await validate(name, &c, start: start)
        case .refresh: await refresh(&c, start: start)
        case .logout: await logout(&c, start: start)
        case .changePassword: await changePassword(&c, start: start)
        case .replayAfterLogout: await replayAfterLogout(&c, start: start)
        case .reuseRefresh: await reuseRefresh(&c, start: start)
        case .otp, .otpWrongCode, .otpReplay: await performOTP(action, &c, start: start)
        }
    }

    @inline(never)
    private func register(_ c: inout Client, start: SimInstant) async {
        let r = await service.register(id: c.user, email: Population.email(c.user.index),
                                       password: population.password(of: c.user), permissions: population.permissions(of: c.user))
        record(.register, start, r.denial)
        if r.denial == nil { c.knownAccount = true }
    }

    @inline(never)
    private func login(_ c: inout Client, start: SimInstant) async {
        dropSession(&c)
        let r = await service.authenticate(email: Population.email(c.user.index), password: population.password(of: c.user),
                                           as: c.account)
        switch r {
        case .success(.granted(let g)):
            record(.login, start, nil)
            c.grant = g
            population.sessionStarted(c.user)
        case .success(.needsOTP):
            record(.login, start, .otpRequired)
            await requestOTP(&c)
        case .failure(let reason):
            record(.login, start, reason)
            c.ended = true
        }
    }

    @inline(never)
    private func loginWrongPassword(_ c: inout Client, start: SimInstant) async {
        let r = await service.authenticate(email: Population.email(c.user.index), password: "wrong-" + population.password(of: c.user),
                                           as: c.account)
        record(.login, start, r.denial)
    }

    @inline(never)
    private func loginOldPassword(_ c: inout Client, start: SimInstant) async {
        guard let old = population.previousPassword(of: c.user) else { return }
        let r = await service.authenticate(email: Population.email(c.user.index), password: old, as: c.account)
        record(.login, start, r.denial)
    }

    @inline(never)
    private func validate(_ name: String?, _ c: inout Client, start: SimInstant) async {
        guard let g = c.grant else { return }
        let p = name.flatMap { permissionIndex[$0] } ?? defaultPermission
        let r = await service.validate(g.access, of: g.user, session: g.session, permission: p)
        record(.validate, start, r.denial)
        if let d = r.denial { await recover(from: d, &c) }
    }

    @inline(never)
    private func refresh(_ c: inout Client, start: SimInstant) async {
        guard let g = c.grant else { return }
        let r = await service.refresh(g.refresh, of: g.user, session: g.session)
        record(.refresh, start, r.denial)
        switch r {
        case .success(let next): c.spentRefresh = g; c.grant = next
        case .failure: endSession(&c)
        }
    }

    @inline(never)
    private func logout(_ c: inout Client, start: SimInstant) async {
        guard let g = c.grant else { return }
        let r = await service.logout(session: g.session, user: c.user)
        record(.logout, start, r.denial)
        c.loggedOut = g
        dropSession(&c)
    }

    @inline(never)
    private func changePassword(_ c: inout Client, start: SimInstant) async {
        guard let g = c.grant else { return }
        let new = population.nextPassword(for: c.user, &c.rng)
        let r = await service.changePassword(user: c.user, old: population.password(of: c.user), new: new.text, from: g.session)
        if case .success = r { population.setPassword(new, of: c.user) }
        record(.changePassword, start, r.denial)
    }

    @inline(never)
    private func replayAfterLogout(_ c: inout Client, start: SimInstant) async {
        guard let old = c.loggedOut else { return }
        let r = await service.validate(old.access, of: old.user, session: old.session, permission: defaultPermission)
        record(.validate, start, r.denial)
    }

    @inline(never)
    private func reuseRefresh(_ c: inout Client, start: SimInstant) async {
        guard let spent = c.spentRefresh else { return }
        let r = await service.refresh(spent.refresh, of: spent.user, session: spent.session)
        record(.refresh, start, r.denial)
        // Reuse revokes the whole family, so the client's current session is gone too.
        if r.denial == .refreshReused { endSession(&c) }
    }

    /// A denied validation: refresh an expired token; give up on a dead session.
    private func recover(from denial: DenyReason, _ c: inout Client) async {
        switch denial {
        case .tokenExpired:
            await refresh(&c, start: clock.now)
        case .permissionDenied, .unavailable, .overloaded:
            break
        default:
            endSession(&c)
        }
    }

    /// Forgets the session; later steps that need one are skipped.
    private func dropSession(_ c: inout Client) {
        if c.grant != nil { population.sessionEnded(c.user) }
        c.grant = nil
    }

    /// The session is dead: the simulated user gives up on this journey.
    private func endSession(_ c: inout Client) {
        dropSession(&c)
        c.ended = true
    }
}

