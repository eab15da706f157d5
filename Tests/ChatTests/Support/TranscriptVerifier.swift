import TestSupport
import Testing

@testable import Chat

/// Feeds a recorded provider stream through `SSEParser` and a provider decoder — whole, one byte at a time,
/// and split in two at up to 64 evenly spaced offsets — and checks the streamed pieces and the final reply
/// are always the same. (`SSEParserTests` tries every offset; here the decoder is what is under test.)
struct TranscriptVerifier<Decoder: ProviderStreamDecoder> {
    let makeDecoder: () -> Decoder

    /// Checks that `transcript` streams `pieces` and ends as `turn`.
    func verify(
        _ transcript: String, pieces: [String], turn: AssistantTurn,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let bytes = Array(transcript.utf8)
        let stride = max(1, bytes.count / 64)
        let splits = ParserVerifier<SSEParser, SSEEvent>.splits(of: bytes).enumerated()
            .filter { $0.offset < 2 || $0.offset % stride == 0 }.map(\.element)
        for (name, chunks) in splits {
            do {
                let (streamed, decoder) = try run(chunks)
                #expect(streamed == pieces, "split: \(name)", sourceLocation: sourceLocation)
                #expect(try decoder.finish() == turn, "split: \(name)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("split \(name): \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The error the transcript ends in, from `consume` or `finish`, fed whole.
    func failure(_ transcript: String) -> ChatError? {
        do {
            let (_, decoder) = try run([Array(transcript.utf8)[...]])
            _ = try decoder.finish()
            return nil
        } catch {
            return error as? ChatError
        }
    }

    private func run(_ chunks: [ArraySlice<UInt8>]) throws -> ([String], Decoder) {
        var parser = SSEParser()
        var decoder = makeDecoder()
        var streamed: [String] = []
        for chunk in chunks {
            for event in try parser.feed(chunk) { streamed += try decoder.consume(event) }
        }
        return (streamed, decoder)
    }
}
