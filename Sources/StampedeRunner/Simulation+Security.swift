import StampedeKernel
import StampedeLanguage
import StampedeModel
import StampedeWorkload

extension Simulation {
    /// At its time, picks users with a live session and applies the event to each, spread
    /// evenly over the event's window or paced at its rate (a storm).
    func runSecurityEvent(_ event: SecurityEventSpec, at: SimInstant, seed: SeedTree) async {
        try? await clock.sleep(until: at)
        var rng = seed.generator()
        let k: Int
        switch event.target {
        case .fraction(let f): k = Int((Double(population.liveCount) * f).rounded())
        case .count(let n): k = n
        }
        let users = population.sampleLive(k, &rng)
        for (i, user) in users.enumerated() {
            let offset = event.offset(of: i, among: users.count)
            try? await clock.sleep(until: at + offset)
            let password = population.nextPassword(for: user, &rng)
            spawnTracked { [self] in await apply(event.kind, to: user, newPassword: password) }
        }
    }

    private func spawnTracked(_ body: sending @escaping @isolated(any) () async -> Void) {
        began()
        spawner.spawn { [self] in
            await body()
            finished()
        }
    }

    private func apply(_ kind: SecurityEventSpec.Kind, to user: UserID, newPassword: Population.NewPassword) async {
        let start = clock.now
        switch kind {
        case .passwordChange:
            let r = await journeys.service.resetPassword(user: user, new: newPassword.text, replacing: population.password(of: user))
            if case .success = r { population.setPassword(newPassword, of: user) }
            metrics.recordOperation(.changePassword, start: start, end: clock.now, outcome: r.denial.map { .denied($0) } ?? .ok)
        case .permissionRevoke(let name):
            guard let p = journeys.permissionIndex[name] else { return }
            let next = population.permissions(of: user).removing(p)
            let r = await journeys.service.changePermissions(user: user, to: next)
            if case .success = r { population.setPermissions(next, of: user) }
            metrics.recordOperation(.changePermissions, start: start, end: clock.now, outcome: r.denial.map { .denied($0) } ?? .ok)
        case .logoutEverywhere:
            let r = await journeys.service.logoutEverywhere(user: user)
            metrics.recordOperation(.logout, start: start, end: clock.now, outcome: r.denial.map { .denied($0) } ?? .ok)
        }
        journeys.requests.add(1, ordering: .relaxed)
    }
}

extension SecurityEventSpec {
    /// When the `i`-th of `count` affected users is hit, from the event's start: paced at
    /// `rate` for a storm (never past `over`), else spread evenly over `over`.
    func offset(of i: Int, among count: Int) -> SimDuration {
        if let rate, rate > 0 {
            let paced = SimDuration.seconds(Double(i) / rate)
            return over > .zero ? min(paced, over) : paced
        }
        return count > 1 ? over * (Double(i) / Double(count)) : .zero
    }
}
