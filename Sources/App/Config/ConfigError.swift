/// A configuration problem, reported as one line naming the variable.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it (never its value when it is a secret).
    public let problem: String

    public var description: String { "\(variable): \(problem)" }
}
