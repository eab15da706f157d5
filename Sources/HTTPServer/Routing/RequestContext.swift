/// What routing learned about a request: its path parameters.
public struct RequestContext: Sendable {
    /// Values of `:name` segments in the matched pattern.
    public var parameters: [String: String]

    /// A context with no parameters.
    public init(parameters: [String: String] = [:]) { self.parameters = parameters }

    /// The parameter `name` converted to `T`; nil when absent or not convertible.
    public func parameter<T: LosslessStringConvertible>(_ name: String, as type: T.Type = T.self) -> T? {
        parameters[name].flatMap(T.init)
    }
}
