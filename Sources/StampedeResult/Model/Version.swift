/// The version of stampede, recorded in results (`meta.version`) and comparisons.
public enum StampedeVersion {
    public static let current = "0.1.0"
}
