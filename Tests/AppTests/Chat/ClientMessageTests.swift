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
}
