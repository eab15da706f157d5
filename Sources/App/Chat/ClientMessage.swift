import Foundation
import Chat

/// What a browser sent on the chat socket, or why it cannot be used.
enum ClientMessage: Equatable, Sendable {
    /// `{"type":"question","text":…}` with non-blank text (trimmed).
    case question(String)
    /// Anything else: the error message to send back, the socket staying open.
    case invalid(String)

    /// Reads one text message.
    /// - Parameter text: the message as received.
    init(text: String) {
        guard let value = try? JSONValue(parsing: Data(text.utf8)), case .object = value else {
            self = .invalid("Invalid JSON")
            return
        }
        guard value["type"] == "question" else {
            // Python's consumer printed the missing type as None; we print what was sent as JSON (null when absent).
            let type = value["type"].map { $0.stringValue ?? $0.jsonText } ?? "null"
            self = .invalid("Unknown message type: \(type)")
            return
        }
        let question = value["text"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        self = question.isEmpty ? .invalid("Empty question") : .question(question)
    }
}
