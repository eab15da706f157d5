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

    private static let all: Set<AnalysisKind> = [.spectral, .temporal, .rhythm]
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
    ]

    @Test(arguments: cases)
    func specificWordsWinAndGenericOnesSelectAll(question: String, expected: Set<AnalysisKind>) {
        #expect(selector.select(for: question) == expected)
    }

    @Test func beatsPerMinuteDoesNotPullInTemporalThroughMinute() {
        #expect(selector.select(for: "beats per minute over the first seconds") == [.rhythm, .temporal])
        #expect(selector.select(for: "beats per minute") == [.rhythm])
    }
}
