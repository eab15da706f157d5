import Testing
@testable import Chat

@Suite struct ToolSelectorTests {
    private let selector = ToolSelector()

    @Test func everyChatEvalCaseSelectsExactlyTheExpectedTools() throws {
        let cases = try #require(try Fixtures.json("chat-eval.json")["cases"]?.arrayValue)
        #expect(cases.count >= 14)
        for item in cases {
            let question = try #require(item["question"]?.stringValue)
            let expected = Set(try #require(item["expected_tools"]?.arrayValue).compactMap {
                $0.stringValue.flatMap(AnalysisKind.init(rawValue:))
            })
            #expect(selector.select(for: question) == expected, "\(item["id"]?.stringValue ?? "?"): \(question)")
        }
    }

    private static let all = AnalysisKind.overview
    private static let cases: [(String, Set<AnalysisKind>)] = [
        ("Is the groove swung or straight?", [.rhythm]),
        ("Does it start with a pickup?", [.rhythm]),
        ("Is this in 3/4 or 6/8?", [.rhythm]),
        ("How bright is the timbre?", [.spectral]),
        ("Is it tonal or noisy? Show the MFCC.", [.spectral]),
        ("How long is it, and does it fade out?", [.temporal]),
        ("Is it silent? How quiet is it?", [.temporal]),
        ("Tell me about the tempo", [.rhythm]),
        ("Give me an overview", all),
        ("Summarise this track", all),
        ("Describe the tempo fully", all),
        ("", all),
        ("How loud is it?", [.loudness]),
        ("Is it mastered too loud for YouTube?", [.loudness]),
        ("How does the loudness evolve over time?", [.temporal]),
        ("What is the peak amplitude?", [.temporal]),
        ("What is the true peak?", [.loudness]),
        ("What key is it in, and is it major or minor?", [.tonal]),
        ("Is it tonal or noisy?", [.spectral]),
        ("What's the tonal centre?", [.tonal]),
        ("What's the pitch centre?", [.tonal]),
        ("What pitch is the note?", [.spectral]),
        ("Is it in tune?", [.tonal]),
        ("Describe the key fully", all.union([.tonal])),
    ]

    @Test(arguments: cases)
    func specificWordsWinAndGenericOnesSelectAll(question: String, expected: Set<AnalysisKind>) {
        #expect(selector.select(for: question) == expected)
    }

    @Test func beatsPerMinuteDoesNotPullInTemporalThroughMinute() {
        #expect(selector.select(for: "beats per minute over the first seconds") == [.rhythm, .temporal])
        #expect(selector.select(for: "beats per minute") == [.rhythm])
    }

    /// A phrase claims its words first, so the single words inside it select nothing more.
    @Test func phrasesOutrankTheWordsInsideThem() {
        #expect(selector.select(for: "how loud and how bright") == [.loudness, .spectral])
        #expect(selector.select(for: "loud") == [.temporal])
        #expect(selector.select(for: "true peak and peak amplitude") == [.loudness, .temporal])
    }

    /// Open questions stay short: loudness and key are answered when asked for.
    @Test func openQuestionsSelectTheOverviewOnly() {
        #expect(selector.select(for: "What can you say about this audio?") == [.spectral, .temporal, .rhythm])
    }
}
