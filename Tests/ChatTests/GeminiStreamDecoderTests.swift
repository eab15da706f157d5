import Testing

@testable import Chat

@Suite struct GeminiStreamDecoderTests {
    private let verifier = TranscriptVerifier { GeminiStreamDecoder() }

    private func chunk(_ parts: String, finish: String? = nil) -> String {
        let reason = finish.map { #","finishReason":"\#($0)""# } ?? ""
        return #"data: {"candidates":[{"content":{"parts":\#(parts),"role":"model"}\#(reason),"index":0}],"#
            + #""modelVersion":"gemini-2.5-flash"}"# + "\r\n\r\n"
    }

    @Test func textChunksThenFinish() {
        let transcript =
            chunk(#"[{"text":"About "}]"#) + chunk(#"[{"text":"120 BPM."}]"#)
            + chunk(#"[{"text":""}]"#, finish: "STOP")
        verifier.verify(transcript, pieces: ["About ", "120 BPM."], turn: AssistantTurn(text: "About 120 BPM."))
    }

    @Test func parallelFunctionCallsKeepTheirSignature() {
        let transcript = chunk(
            #"[{"functionCall":{"name":"analyse_rhythm","args":{"track_id":"t"}},"thoughtSignature":"c2ln"},"#
                + #"{"functionCall":{"name":"analyse_spectral","args":{}}}]"#, finish: "STOP")
        verifier.verify(
            transcript, pieces: [],
            turn: AssistantTurn(toolCalls: [
                ToolCall(id: "gemini_call_0", name: "analyse_rhythm", arguments: #"{"track_id":"t"}"#, signature: "c2ln"),
                ToolCall(id: "gemini_call_1", name: "analyse_spectral", arguments: "{}"),
            ]))
    }

    @Test func thoughtSummariesAreNotShown() {
        let transcript = chunk(#"[{"text":"thinking…","thought":true},{"text":"Answer"}]"#, finish: "STOP")
        verifier.verify(transcript, pieces: ["Answer"], turn: AssistantTurn(text: "Answer"))
    }

    @Test func noFinishReasonIsTruncated() {
        #expect(verifier.failure(chunk(#"[{"text":"About"}]"#))?.kind == .truncated)
    }

    @Test func errorInStreamKeepsItsCode() {
        let failure = verifier.failure(#"data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}"# + "\r\n\r\n")
        #expect(failure == ChatError(.httpStatus(503), provider: "gemini", detail: "overloaded"))
    }

    @Test func blockedPromptIsABadResponse() {
        let failure = verifier.failure(#"data: {"promptFeedback":{"blockReason":"SAFETY"}}"# + "\r\n\r\n")
        #expect(failure?.kind == .badResponse)
    }
}
