import Foundation

@testable import App
@testable import Chat

/// Server-sent events fed whole and in two pieces: the same events either way (the parser is
/// fed whatever a network read returned).
func fuzzSSE(_ bytes: [UInt8]) {
    func run(_ chunks: [ArraySlice<UInt8>]) -> [SSEEvent]? {
        var parser = SSEParser(maxEventBytes: 4096)
        var events: [SSEEvent] = []
        for chunk in chunks {
            guard let more = try? parser.feed(chunk) else { return nil }
            events += more
        }
        return events
    }
    let cut = splitPoint(bytes)
    let whole = run([bytes[...]])
    let split = run([bytes[..<cut], bytes[cut...]])
    precondition((whole == nil) == (split == nil), "a split changed whether the stream parsed")
    if let whole, let split { precondition(whole == split, "a split changed the events") }
}

/// Each provider's stream decoder on events parsed from the input: errors are thrown, never trapped.
func fuzzProviderStreams(_ bytes: [UInt8]) {
    var parser = SSEParser(maxEventBytes: 8192)
    guard let events = try? parser.feed(bytes[...]) else { return }
    var openAI = OpenAIStreamDecoder()
    var anthropic = AnthropicStreamDecoder()
    var gemini = GeminiStreamDecoder()
    for event in events {
        _ = try? openAI.consume(event)
        _ = try? anthropic.consume(event)
        _ = try? gemini.consume(event)
    }
    _ = try? openAI.finish()
    _ = try? anthropic.finish()
    _ = try? gemini.finish()
}

/// JSON that clients send: chat socket messages and generic bodies through our JSON value type.
func fuzzJSONBodies(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    switch ClientMessage(text: text) {
    case .question(let question): precondition(!question.isEmpty, "an empty question was accepted")
    case .invalid: break
    }
    if let value = try? JSONValue(parsing: Data(bytes)) {
        _ = value.trimmingArrays(to: 4)
    }
}
