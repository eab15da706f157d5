/// A tool the model may call: its description for the model and the code that runs it.
///
/// The App implements `analyse_spectral`, `analyse_temporal` and `analyse_rhythm` over the stored analysis.
public protocol ChatTool: Sendable {
    /// The name the model calls it by, e.g. `analyse_rhythm`.
    var name: String { get }
    /// What the tool does, written for the model.
    var description: String { get }
    /// A JSON Schema object describing the arguments (`{"type":"object","properties":{…}}`).
    var parameters: JSONValue { get }
    /// Runs the tool.
    /// - Parameter arguments: the arguments the model sent; an empty object when they were not valid JSON.
    /// - Returns: the result as JSON; long arrays are shortened by the conversation before the model sees them.
    /// - Throws: any error; a `ChatToolError`'s message is shown to the model, any other error is reported generically.
    func run(arguments: JSONValue) async throws -> JSONValue
}

/// A tool failure whose message is safe to show to the model.
public struct ChatToolError: Error, Sendable, Equatable {
    /// A short message without secrets, paths or SQL.
    public var message: String

    /// Makes an error.
    /// - Parameter message: a short, safe explanation.
    public init(_ message: String) {
        self.message = message
    }
}

/// The description of a tool as sent to a provider: name, description and argument schema.
public struct ToolSpec: Sendable, Equatable {
    /// The tool name.
    public var name: String
    /// What the tool does, for the model.
    public var description: String
    /// The JSON Schema of the arguments.
    public var parameters: JSONValue

    /// Makes a spec.
    /// - Parameters:
    ///   - name: the tool name.
    ///   - description: what it does.
    ///   - parameters: JSON Schema of its arguments.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// The spec of a tool.
    /// - Parameter tool: the tool described.
    public init(_ tool: any ChatTool) {
        self.init(name: tool.name, description: tool.description, parameters: tool.parameters)
    }
}
