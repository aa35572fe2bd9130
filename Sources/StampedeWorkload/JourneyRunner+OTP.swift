import StampedeKernel
import StampedeModel

/// The one-time passcode steps: a login that needs a code asks for one; `otp` submits it,
/// `otp(wrong_code)` submits a wrong one, `otp_replay` resubmits an accepted one.
extension JourneyRunner {
    /// The login needed a code: the client asks for one to be sent (`otp_issue`).
    package func requestOTP(_ c: inout Client) async {
        let start = clock.now
        let r = await service.issueOTP(user: c.user)
        record(.otpIssue, start, r.denial)
        switch r {
        case .success(let challenge): c.pendingOTP = challenge
        case .failure: c.ended = true
        }
    }

    @inline(never)
    package func performOTP(_ action: StepAction, _ c: inout Client, start: SimInstant) async {
        switch action {
        case .otp:
            guard let challenge = c.pendingOTP else { return }
            let r = await service.completeLogin(user: c.user, code: challenge.code)
            record(.otpVerify, start, r.denial)
            switch r {
            case .success(let g):
                c.pendingOTP = nil
                c.acceptedOTP = challenge
                c.grant = g
                population.sessionStarted(c.user)
            case .failure(.otpInvalid), .failure(.unavailable):
                break
            case .failure:
                c.pendingOTP = nil
                c.ended = true
            }
        case .otpWrongCode:
            guard let challenge = c.pendingOTP else { return }
            let wrong = OTPChallenge.wrongCode(for: challenge.code)
            let r = await service.verifyOTP(user: c.user, code: wrong)
            record(.otpVerify, start, r.denial)
        case .otpReplay:
            guard let used = c.acceptedOTP else { return }
            let r = await service.verifyOTP(user: c.user, code: used.code)
            record(.otpVerify, start, r.denial)
        default:
            return
        }
    }
}

extension OTPChallenge {
    /// A six-digit code that is not `code`.
    package static func wrongCode(for code: String) -> String {
        let n = (Int(code) ?? 0) + 1
        let s = String(n % 1_000_000)
        return String(repeating: "0", count: 6 - s.count) + s
    }
}
