import StampedeKernel
import StampedeModel

/// Stale reads of cached data, resurrections after a crash, and one-time passcodes.
extension Checker {
    func dataWrite(_ w: DataAccess) {
        let key = DataKey(w)
        data.write(key, version: w.version, end: w.end)
        data.order.append((w.end, key))
        let horizon = now - config.dataRetention
        while let head = data.order.first, head.end < horizon {
            _ = data.order.removeFirst()
            data.forget(head.key, ifNewestEndedBy: head.end)
        }
    }

    /// Judges a read against the item's writes: stale if it returned less than the newest write
    /// that completed before it started (minus the bound), unless what it returned is what a
    /// later write wrote (a counter cleared, a code replaced while the read was in flight). A
    /// counter read of zero is not judged: a clear or a new window legitimately reads as zero
    /// even before the clear has completed.
    func dataRead(_ r: DataAccess) {
        guard data.count > 0, let item = data[DataKey(r)] else { return }
        if r.dataClass == .counters && r.version == 0 { return }
        let c = r.dataClass.rawValue
        let bound = c < config.dataStaleness.count ? config.dataStaleness[c] : .zero
        guard let required = item.latest(before: r.start - bound), r.version < required.version,
              !item.contains(where: { $0.end > required.end && $0.version == r.version }) else { return }
        data.staleReads[c] += 1
        data.staleBySource[Int(r.source.rawValue)] += 1
        if r.dataClass.authorizes {
            if data.marks.count > 4096 { data.marks = data.marks.filter { $0.value.end + config.maxRequestDuration >= now } }
            data.marks[DataKey(r)] = (r.start, r.end)
        }
        if r.dataClass != .counters, let crash = data.lastCrash, required.end <= crash, r.start > crash {
            data.resurrections[c] += 1
            let item = r.session ?? Token128(high: 0, low: r.identity)
            let record = WitnessRecord(kind: .staleRead, session: item, start: r.start, end: r.end)
            appendWitness(record, user: r.owner)
            let causes = [WitnessRecord(kind: .dataWritten, session: item, start: required.end, end: required.end),
                          WitnessRecord(kind: .cacheCrashed, session: Token128(high: 0, low: 0), start: crash, end: crash)]
            report(Detection(finding: .resurrected(dataClass: r.dataClass, writeEnd: required.end, crashAt: crash),
                             user: r.owner, session: r.session ?? Token128(high: 0, low: 0), start: r.start, end: r.end,
                             permission: nil, witness: causalWitness(of: r.owner, for: .resurrected, causes: causes, violating: record)))
        }
    }

    /// Counts an allowed request that read stale session or permission data for its decision.
    func staleAuthorization(_ a: Authorization) {
        guard !data.marks.isEmpty else { return }
        for key in [DataKey(.sessions, a.session.dataIdentity), DataKey(.permissions, a.user.dataIdentity)] {
            guard let mark = data.marks[key], mark.start >= a.start, mark.end <= a.end else { continue }
            data.marks.removeValue(forKey: key)
            if a.allowed { data.staleAuthorizations[Int(key.dataClass)] += 1 }
        }
    }

    func otpIssued(user: UserID, serial: UInt64, expiresAt: SimInstant, at: SimInstant) {
        var codes = otpCodes[user] ?? []
        if codes.count >= 2 { codes.removeFirst() }
        codes.append(OTPCode(serial: serial, expiresAt: expiresAt, issuedAt: at))
        otpCodes[user] = codes
        var record = WitnessRecord(kind: .otpIssued, session: Token128(high: 0, low: 0), start: at, end: at)
        record.extra = Token128(high: serial, low: UInt64(bitPattern: expiresAt.nanoseconds))
        appendWitness(record, user: user)
    }

    func otpVerified(_ v: OTPVerification) {
        var record = WitnessRecord(kind: v.accepted ? .otpAccepted : .otpRejected, session: Token128(high: 0, low: 0),
                                   start: v.start, end: v.end)
        record.extra = Token128(high: v.serial, low: 0)
        appendWitness(record, user: v.user)
        guard v.accepted else { return }
        let key = DataKey(.otp, v.user.dataIdentity)
        if let mark = data.marks[key], mark.start >= v.start, mark.end <= v.end {
            data.marks.removeValue(forKey: key)
            data.staleAuthorizations[DataClass.otp.rawValue] += 1
        }
        guard var codes = otpCodes[v.user], let i = codes.firstIndex(where: { $0.serial == v.serial }) else { return }
        let code = codes[i]
        var issue = WitnessRecord(kind: .otpIssued, session: Token128(high: 0, low: 0), start: code.issuedAt, end: code.issuedAt)
        issue.extra = Token128(high: code.serial, low: UInt64(bitPattern: code.expiresAt.nanoseconds))
        func detection(_ f: Finding, cause: WitnessRecord) -> Detection {
            Detection(finding: f, user: v.user, session: Token128(high: 0, low: 0), start: v.start, end: v.end, permission: nil,
                      witness: causalWitness(of: v.user, for: f.invariant, causes: [issue, cause], violating: record))
        }
        if let first = code.acceptedEnd {
            var accepted = WitnessRecord(kind: .otpAccepted, session: Token128(high: 0, low: 0), start: code.acceptedStart, end: first)
            accepted.extra = Token128(high: code.serial, low: 0)
            report(detection(.otpReuse(serial: v.serial, firstEnd: first), cause: accepted))
        } else {
            codes[i].acceptedEnd = v.end
            codes[i].acceptedStart = v.start
            otpCodes[v.user] = codes
        }
        if v.start > code.expiresAt {
            var expiry = WitnessRecord.deadline(.otpExpiry, session: Token128(high: 0, low: 0), at: code.expiresAt)
            expiry.extra = Token128(high: code.serial, low: 0)
            report(detection(.otpAfterExpiry(serial: v.serial, expiresAt: code.expiresAt), cause: expiry))
        }
    }

    /// Per data class: stale reads, stale authorizations and resurrections found so far.
    public func dataFindings() -> [DataClassFindings] {
        DataClass.allCases.map {
            DataClassFindings(dataClass: $0, staleReads: data.staleReads[$0.rawValue],
                              staleAuthorizations: data.staleAuthorizations[$0.rawValue],
                              resurrections: data.resurrections[$0.rawValue])
        }
    }

    /// Stale reads by the tier that answered them (`DataSource.rawValue`).
    public var staleReadsBySource: [Int] { data.staleBySource }
}
