import TestSupport
import Testing

@testable import Chat

@Suite struct SSEParserTests {
    private let verifier = ParserVerifier<SSEParser, SSEEvent>(
        makeParser: { SSEParser(maxEventBytes: 64) },
        feed: { parser, chunk in try parser.feed(chunk) }
    )

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func dataOnlyEventIsAMessage() {
        verifier.verify(bytes("data: hello\n\n"), yields: [SSEEvent(data: "hello")])
    }

    @Test func namedEventsAsAnthropicSendsThem() {
        let stream = "event: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\n"
        verifier.verify(
            bytes(stream),
            yields: [
                SSEEvent(type: "message_start", data: "{\"a\":1}"), SSEEvent(type: "ping", data: "{}"),
            ])
    }

    @Test func crlfLineEndsAsGeminiSendsThem() {
        verifier.verify(
            bytes("data: {\"x\":1}\r\n\r\ndata: [DONE]\r\n\r\n"),
            yields: [
                SSEEvent(data: "{\"x\":1}"), SSEEvent(data: "[DONE]"),
            ])
    }

    @Test func bareCRLineEnds() {
        verifier.verify(bytes("data: a\rdata: b\r\r"), yields: [SSEEvent(data: "a\nb")])
    }

    @Test func multiLineDataJoinsWithLF() {
        verifier.verify(bytes("data: one\ndata:two\ndata\n\n"), yields: [SSEEvent(data: "one\ntwo\n")])
    }

    @Test func commentsAndUnknownFieldsAreIgnored() {
        verifier.verify(bytes(": keep-alive\nretry: 10\nfoo: bar\ndata: x\n\n"), yields: [SSEEvent(data: "x")])
    }

    @Test func onlyOneLeadingSpaceIsDropped() {
        verifier.verify(bytes("data:  two spaces\n\n"), yields: [SSEEvent(data: " two spaces")])
    }

    @Test func emptyLineWithoutDataDispatchesNothing() {
        verifier.verify(bytes("event: ping\n\n\n\ndata: y\n\n"), yields: [SSEEvent(data: "y")])
    }

    @Test func emptyDataFieldStillDispatches() {
        verifier.verify(bytes("data:\n\n"), yields: [SSEEvent(data: "")])
    }

    @Test func eventIdPersistsAcrossEvents() {
        verifier.verify(
            bytes("id: 7\ndata: a\n\ndata: b\n\n"),
            yields: [
                SSEEvent(data: "a", lastEventID: "7"), SSEEvent(data: "b", lastEventID: "7"),
            ])
    }

    @Test func utf8SplitInsideACharacterSurvives() {
        verifier.verify(bytes("data: 120 BPM — steady ♩\n\n"), yields: [SSEEvent(data: "120 BPM — steady ♩")])
    }

    @Test func leadingByteOrderMarkIsDropped() {
        var parser = SSEParser()
        let events = try? parser.feed([0xEF, 0xBB, 0xBF] + bytes("data: z\n\n"))
        #expect(events == [SSEEvent(data: "z")])
    }

    @Test func unterminatedEventAtEndIsNotDispatched() throws {
        var parser = SSEParser()
        #expect(try parser.feed(bytes("data: {\"partial\"")) == [])
        #expect(try parser.feed(bytes("data: still open\n")) == [])
    }

    @Test func lineAtTheLimitIsAccepted() {
        let payload = String(repeating: "a", count: 64 - "data: ".count)
        verifier.verify(bytes("data: \(payload)\n\n"), yields: [SSEEvent(data: payload)])
    }

    @Test func lineOverTheLimitIsRejected() {
        let payload = String(repeating: "a", count: 64 - "data: ".count + 1)
        verifier.verifyRejects(bytes("data: \(payload)\n\n"), with: SSEParseError.eventTooLarge(limit: 64))
    }

    @Test func eventDataOverTheLimitIsRejected() {
        let line = "data: " + String(repeating: "b", count: 30) + "\n"
        verifier.verifyRejects(bytes(line + line + line + "\n"), with: SSEParseError.eventTooLarge(limit: 64))
    }

    @Test func everyByteValueInDataDoesNotCrash() throws {
        var parser = SSEParser()
        let all = (0...255).map { UInt8($0) }.filter { $0 != 10 && $0 != 13 }
        let events = try parser.feed(bytes("data: ") + all + bytes("\n\n"))
        #expect(events.count == 1)
    }
}
