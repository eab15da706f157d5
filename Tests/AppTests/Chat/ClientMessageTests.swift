import Testing

@testable import App

@Suite struct ClientMessageTests {
    @Test(arguments: [
        (#"{"type":"question","text":"What's the tempo?"}"#, ClientMessage.question("What's the tempo?")),
        (#"{"type":"question","text":"  padded \n"}"#, .question("padded")),
        ("not json", .invalid("Invalid JSON")),
        ("", .invalid("Invalid JSON")),
        (#"["question"]"#, .invalid("Invalid JSON")),
        ("42", .invalid("Invalid JSON")),
        (#"{"type":"question","text":""}"#, .invalid("Empty question")),
        (#"{"type":"question","text":" \t\n"}"#, .invalid("Empty question")),
        (#"{"type":"question"}"#, .invalid("Empty question")),
        (#"{"type":"question","text":7}"#, .invalid("Empty question")),
        (#"{"type":"ping"}"#, .invalid("Unknown message type: ping")),
        (#"{"text":"hi"}"#, .invalid("Unknown message type: null")),
        (#"{"type":3}"#, .invalid("Unknown message type: 3")),
    ])
    func classifies(text: String, expected: ClientMessage) {
        #expect(ClientMessage(text: text) == expected)
    }

    /// 4000 characters is the limit and 4001 one too many; padding does not count, and characters
    /// are Unicode scalars, so emoji weigh one each.
    @Test func questionLengthLimitAndLimitPlusOne() {
        func question(_ text: String) -> String { #"{"type":"question","text":"\#(text)"}"# }
        let atLimit = String(repeating: "a", count: 4_000)
        #expect(ClientMessage(text: question(atLimit)) == .question(atLimit))
        #expect(ClientMessage(text: question("  " + atLimit + "  ")) == .question(atLimit))
        let tooLong = ClientMessage.invalid("Question too long (max 4000 characters)")
        #expect(ClientMessage(text: question(atLimit + "a")) == tooLong)
        let emoji = String(repeating: "\u{1F3B5}", count: 4_000)
        #expect(ClientMessage(text: question(emoji)) == .question(emoji))
        #expect(ClientMessage(text: question(emoji + "\u{1F3B5}")) == tooLong)
    }
}
