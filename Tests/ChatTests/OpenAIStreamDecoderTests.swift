import Testing

@testable import Chat

@Suite struct OpenAIStreamDecoderTests {
    private let verifier = TranscriptVerifier { OpenAIStreamDecoder() }

    private func chunk(_ delta: String, finish: String = "null") -> String {
        #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":"#
            + #"[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish)}]}"# + "\n\n"
    }

    @Test func textThenDone() {
        let transcript =
            chunk(#"{"role":"assistant","content":""}"#) + chunk(#"{"content":"120 "}"#)
            + chunk(#"{"content":"BPM"}"#) + chunk("{}", finish: #""stop""#)
            + #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[],"usage":{"total_tokens":9}}"#
            + "\n\ndata: [DONE]\n\n"
        verifier.verify(transcript, pieces: ["120 ", "BPM"], turn: AssistantTurn(text: "120 BPM"))
    }

    @Test func twoToolCallsWithArgumentsInPieces() {
        let transcript =
            chunk(#"{"role":"assistant","content":null}"#)
            + chunk(#"{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"analyse_rhythm","arguments":""}}]}"#)
            + chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"{\"track"}}]}"#)
            + chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"_id\": \"t\"}"}}]}"#)
            + chunk(#"{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"analyse_spectral","arguments":"{}"}}]}"#)
            + chunk("{}", finish: #""tool_calls""#) + "data: [DONE]\n\n"
        verifier.verify(
            transcript, pieces: [],
            turn: AssistantTurn(toolCalls: [
                ToolCall(id: "call_a", name: "analyse_rhythm", arguments: #"{"track_id": "t"}"#),
                ToolCall(id: "call_b", name: "analyse_spectral", arguments: "{}"),
            ]))
    }

    @Test func finishReasonWithoutDoneIsComplete() {
        let transcript = chunk(#"{"content":"hi"}"#) + chunk("{}", finish: #""stop""#)
        #expect(verifier.failure(transcript) == nil)
    }

    @Test func neitherFinishNorDoneIsTruncated() {
        #expect(verifier.failure(chunk(#"{"content":"hi"}"#))?.kind == .truncated)
    }

    @Test func errorInStreamIsReported() {
        let failure = verifier.failure(#"data: {"error":{"message":"server overloaded","type":"server_error"}}"# + "\n\n")
        #expect(failure == ChatError(.badResponse, provider: "openai", detail: "server overloaded"))
    }

    @Test func garbageIsABadResponse() {
        #expect(verifier.failure("data: {not json\n\n")?.kind == .badResponse)
    }
}
