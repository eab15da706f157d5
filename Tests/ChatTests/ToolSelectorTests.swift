import Testing

@testable import Chat

@Suite struct ToolSelectorTests {
    private let selector = ToolSelector()

    @Test func everyChatEvalCaseSelectsExactlyTheExpectedTools() throws {
        let cases = try #require(try Fixtures.json("chat-eval.json")["cases"]?.arrayValue)
        #expect(cases.count >= 14)
        for item in cases {
            let question = try #require(item["question"]?.stringValue)
            let expected = Set(
                try #require(item["expected_tools"]?.arrayValue).compactMap {
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
        ("", []),
        ("Summarize it", all),
        ("What do you think?", all),
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

    /// Everyday words for speed, pitch, length, level and tuning select the analysis they usually mean.
    @Test(
        arguments: [
            ("How fast is it?", [.rhythm]),
            ("Is it quick?", [.rhythm]),
            ("slow song?", [.rhythm]),
            ("Is it danceable?", [.rhythm]),
            ("How high does the voice go?", [.spectral]),
            ("Does it sound muffled, or harsh in the top end?", [.spectral]),
            ("When does it end?", [.temporal]),
            ("How many minutes is it?", [.temporal]),
            ("Is the level OK?", [.loudness]),
            ("Is it sharp or flat?", [.tonal]),
        ] as [(String, Set<AnalysisKind>)])
    func everydayWordsSelectTheirAnalysis(question: String, expected: Set<AnalysisKind>) {
        #expect(selector.select(for: question) == expected)
    }

    /// "Clip" alone is an audio clip; only its verb forms ask about clipping.
    @Test func clipAloneIsTheAudioClip() {
        #expect(selector.select(for: "Play me the clip") == AnalysisKind.overview)
        #expect(selector.select(for: "Is this clip long?") == [.temporal])
        #expect(selector.select(for: "What key is this clip in?") == [.tonal])
        #expect(selector.select(for: "Is the clip clipping?") == [.loudness])
        #expect(selector.select(for: "Does it ever clip?") == [.loudness])
        #expect(selector.select(for: "How much headroom before it clips?") == [.loudness])
    }

    /// "Key" before a generic noun is the adjective, not the musical key; a neutral phrase outranks "what key".
    @Test func keyFeaturesAreNotTheKey() {
        #expect(selector.select(for: "What are the key features?") == AnalysisKind.overview)
        #expect(selector.select(for: "What key features does it have?") == AnalysisKind.overview)
        #expect(selector.select(for: "Key points about the tempo, please") == [.rhythm])
        #expect(selector.select(for: "A low-key song: what's the tempo?") == [.rhythm])
        #expect(selector.select(for: "What key is it in?") == [.tonal])
    }

    /// A question with no word the router knows selects nothing (the router then says what it can answer).
    @Test func aQuestionWithNoKnownWordSelectsNothing() {
        #expect(selector.select(for: "purple monkey dishwasher banana?").isEmpty)
        #expect(selector.select(for: "Who won the match yesterday?").isEmpty)
        #expect(selector.select(for: "???").isEmpty)
    }

    /// "Track", "song", "sound", "audio", "describe" and "tell me about" add nothing beside a specific word.
    @Test func genericWordsYieldToSpecificOnes() {
        #expect(selector.select(for: "Describe this track") == AnalysisKind.overview)
        #expect(selector.select(for: "Describe the tempo of this track") == [.rhythm])
        #expect(selector.select(for: "Tell me about the sound of the bass") == [.spectral])
        #expect(selector.select(for: "Is the audio in a minor key?") == [.tonal])
    }

    /// "Tone", "pitch" and "note" are timbre unless their clause is about key or tuning.
    @Test func toneIsTimbreUnlessTheClauseIsAboutKey() {
        #expect(selector.select(for: "What's the tone like?") == [.spectral])
        #expect(selector.select(for: "Is the tone major or minor?") == [.tonal])
        #expect(selector.select(for: "Is the pitch in tune?") == [.tonal])
        #expect(selector.select(for: "Which notes make up the chords?") == [.tonal])
        #expect(selector.select(for: "What pitch is the note, and is it in tune?") == [.spectral, .tonal])
    }

    /// A speed word is a tempo unless its clause names a fade or a decay; clauses are read apart.
    @Test func speedWordsYieldToAFadeInTheirClause() {
        #expect(selector.select(for: "How quickly does it fade out?") == [.temporal])
        #expect(selector.select(for: "Is the fade-in slow?") == [.temporal])
        #expect(selector.select(for: "How fast is it, and how long?") == [.rhythm, .temporal])
        #expect(selector.select(for: "Is it slow and in a minor key?") == [.rhythm, .tonal])
    }

    /// "High" and "low" are pitch only when their clause says nothing about what is high or low.
    @Test func highAndLowYieldToWhatTheyDescribe() {
        #expect(selector.select(for: "Is the tempo high?") == [.rhythm])
        #expect(selector.select(for: "How high is the volume?") == [.temporal])
        #expect(selector.select(for: "Is the low end muddy?") == [.spectral])
        #expect(selector.select(for: "Give me a high level overview") == AnalysisKind.overview)
        #expect(selector.select(for: "How long is it, and how low is the voice?") == [.temporal, .spectral])
    }

    /// Loudness, volume, quiet and peak are the level over time unless their clause names a loudness measure.
    @Test func loudnessWordsYieldToALoudnessMeasure() {
        #expect(selector.select(for: "What's the loudness in LUFS?") == [.loudness])
        #expect(selector.select(for: "Is it too quiet for Spotify?") == [.loudness])
        #expect(selector.select(for: "What's the peak in dBFS?") == [.loudness])
        #expect(selector.select(for: "Is the volume even over time?") == [.temporal])
        #expect(selector.select(for: "Is the level steady, or does the volume dip?") == [.loudness, .temporal])
    }

    /// "Sharp" and "flat" are tuning unless their clause is about an attack or a spectrum.
    @Test func sharpAndFlatAreTuningUnlessAboutAttackOrSpectrum() {
        #expect(selector.select(for: "Is the attack sharp?") == [.temporal])
        #expect(selector.select(for: "Is the spectrum flat?") == [.spectral])
        #expect(selector.select(for: "Is the singer flat?") == [.tonal])
    }

    /// Everyday senses of "master", "major", "scale" and "short" ask for nothing.
    @Test func everydaySensesSelectNothing() {
        #expect(selector.select(for: "Is it a masterpiece?") == AnalysisKind.overview)
        #expect(selector.select(for: "Has it been mastered?") == [.loudness])
        #expect(selector.select(for: "Any major problems?") == AnalysisKind.overview)
        #expect(selector.select(for: "On a scale of 1 to 10, how good is it?") == AnalysisKind.overview)
        #expect(selector.select(for: "In short, what's the tempo?") == [.rhythm])
    }

    /// Open questions stay short: loudness and key are answered when asked for.
    @Test func openQuestionsSelectTheOverviewOnly() {
        #expect(selector.select(for: "What can you say about this audio?") == [.spectral, .temporal, .rhythm])
    }
}
