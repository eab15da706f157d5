import Chat
import Foundation

/// What a browser sent on the chat socket, or why it cannot be used.
enum ClientMessage: Equatable, Sendable {
    /// `{"type":"question","text":…}` with non-blank text (trimmed).
    case question(String)
    /// Anything else: the error message to send back, the socket staying open.
    case invalid(String)

    /// Reads one text message.
    /// - Parameter text: the message as received.
    init(text: String) {
        let incoming: Incoming
        do {
            incoming = try JSONDecoder().decode(Incoming.self, from: Data(text.utf8))
        } catch {
            self = .invalid("Invalid JSON")
            return
        }
        guard incoming.type == "question" else {
            self = .invalid("Unknown message type: \(incoming.type)")
            return
        }
        let question = incoming.text.map(Self.trimmed) ?? ""
        if question.isEmpty {
            self = .invalid("Empty question")
        } else if question.unicodeScalars.count > Self.maxQuestionCharacters {
            self = .invalid("Question too long (max \(Self.maxQuestionCharacters) characters)")
        } else {
            self = .question(question)
        }
    }

    /// `text` without leading and trailing white space (Unicode's, line breaks included).
    private static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// The longest question, in Unicode scalars (never fewer than a browser's UTF-16 `maxlength`
    /// counts): a question goes to the model and into the history, and sockets accept 1 MiB messages.
    static let maxQuestionCharacters = 4_000

    /// The two members we read, decoded without building the whole document as a `JSONValue`.
    private struct Incoming: Decodable {
        /// The type as text; a non-string type as its JSON (`3`), a missing one as `null` (Python's consumer
        /// printed None there).
        let type: String
        /// The question, when it is a string.
        let text: String?

        private enum Key: String, CodingKey { case type, text }

        init(from decoder: any Decoder) throws {
            let members = try decoder.container(keyedBy: Key.self)
            if let type = try? members.decodeIfPresent(String.self, forKey: .type) {
                self.type = type
            } else {
                self.type = (try? members.decodeIfPresent(JSONValue.self, forKey: .type))?.jsonText ?? "null"
            }
            text = try? members.decodeIfPresent(String.self, forKey: .text)
        }
    }
}
