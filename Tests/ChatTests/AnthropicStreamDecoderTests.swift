import Testing

@testable import Chat

@Suite struct AnthropicStreamDecoderTests {
    private let verifier = TranscriptVerifier { AnthropicStreamDecoder() }

    private func event(_ name: String, _ json: String) -> String {
        "event: \(name)\ndata: {\"type\":\"\(name)\"\(json.isEmpty ? "" : ",")\(json)}\n\n"
    }

    private var start: String {
        event(
            "message_start",
            #""message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","stop_reason":null,"usage":{"input_tokens":3,"output_tokens":1}}"#
        )
            + event("ping", "")
    }

    private var end: String {
        event("message_delta", #""delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}"#)
            + event("message_stop", "")
    }

    @Test func textAndTwoToolUsesWithPartialJSON() {
        let transcript =
            start
            + event("content_block_start", #""index":0,"content_block":{"type":"text","text":""}"#)
            + event("content_block_delta", #""index":0,"delta":{"type":"text_delta","text":"Let me "}"#)
            + event("content_block_delta", #""index":0,"delta":{"type":"text_delta","text":"check."}"#)
            + event("content_block_stop", #""index":0"#)
            + event("content_block_start", #""index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"analyse_rhythm","input":{}}"#)
            + event("content_block_delta", #""index":1,"delta":{"type":"input_json_delta","partial_json":""}"#)
            + event("content_block_delta", #""index":1,"delta":{"type":"input_json_delta","partial_json":"{\"track_id\":"}"#)
            + event("content_block_delta", #""index":1,"delta":{"type":"input_json_delta","partial_json":" \"t\"}"}"#)
            + event("content_block_stop", #""index":1"#)
            + event("content_block_start", #""index":2,"content_block":{"type":"tool_use","id":"toolu_2","name":"analyse_temporal","input":{}}"#)
            + event("content_block_stop", #""index":2"#)
            + end
        verifier.verify(
            transcript, pieces: ["Let me ", "check."],
            turn: AssistantTurn(
                text: "Let me check.",
                toolCalls: [
                    ToolCall(id: "toolu_1", name: "analyse_rhythm", arguments: #"{"track_id": "t"}"#),
                    ToolCall(id: "toolu_2", name: "analyse_temporal", arguments: "{}"),
                ]))
    }

    @Test func overloadedErrorMidStreamStaysRetryable() {
        let transcript = start + event("error", #""error":{"type":"overloaded_error","message":"Overloaded"}"#)
        let failure = verifier.failure(transcript)
        #expect(failure == ChatError(.httpStatus(529), provider: "anthropic", detail: "Overloaded"))
        #expect(failure?.isRetryable == true)
    }

    @Test func noMessageStopIsTruncated() {
        let transcript = start + event("content_block_start", #""index":0,"content_block":{"type":"text","text":""}"#)
        #expect(verifier.failure(transcript)?.kind == .truncated)
    }

    @Test func unknownEventTypesAreIgnored() {
        let transcript = start + event("content_block_future", #""index":0"#) + end
        #expect(verifier.failure(transcript) == nil)
    }
}
