/// The auth operations a client performs, in the order a journey meets them.
///
/// The declaration order is the order every report and the terminal list operations in.
public enum OperationKind: Int, ResultVocabulary {
    case register, login, validate, refresh, logout, changePassword, changePermissions
    /// Issue a one-time passcode (the login step for users who need one).
    case otpIssue
    /// Submit a one-time passcode.
    case otpVerify

    /// The name used in metrics, SLO expressions, `result.json` and reports.
    public var name: String {
        switch self {
        case .register: return "register"
        case .login: return "login"
        case .validate: return "validate"
        case .refresh: return "refresh"
        case .logout: return "logout"
        case .changePassword: return "change_password"
        case .changePermissions: return "change_permissions"
        case .otpIssue: return "otp_issue"
        case .otpVerify: return "otp_verify"
        }
    }
}
