package import Testing

/// Feeds byte streams to an incremental parser (HTTP, multipart, WebSocket frames, SSE) in every
/// way a socket could deliver them, and checks that the events are always the same.
///
/// Our counterpart of NIO's `ByteToMessageDecoderVerifier`: each case is fed
/// whole, one byte at a time, split in two at every offset, and three copies
/// back to back in one buffer (which must yield the events three times).
package struct ParserVerifier<Parser, Event: Equatable> {
    /// Makes a fresh parser for one run.
    package let makeParser: () -> Parser
    /// Feeds one chunk; returns the events it completed. Throws on a parse error.
    package let feed: (inout Parser, ArraySlice<UInt8>) throws -> [Event]
    /// Canonical form of an event list, e.g. adjacent body pieces merged, since
    /// how a body is cut into events depends on how it arrived.
    package var normalize: ([Event]) -> [Event]

    /// A verifier over `makeParser`'s parsers, fed through `feed`.
    package init(
        makeParser: @escaping () -> Parser, feed: @escaping (inout Parser, ArraySlice<UInt8>) throws -> [Event],
        normalize: @escaping ([Event]) -> [Event] = { $0 }
    ) {
        self.makeParser = makeParser
        self.feed = feed
        self.normalize = normalize
    }

    /// Verifies that `input` always decodes to `expected`.
    package func verify(
        _ input: [UInt8], yields expected: [Event], repeatable: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, chunks) in Self.splits(of: input) {
            let events = run(chunks, sourceLocation: sourceLocation)
            #expect(events == expected, "split: \(name)", sourceLocation: sourceLocation)
        }
        if repeatable {
            let tripled = run([ArraySlice(input + input + input)], sourceLocation: sourceLocation)
            #expect(tripled == expected + expected + expected, "three per buffer", sourceLocation: sourceLocation)
        }
    }

    /// Verifies that `input` fails however it is split, after yielding at most `before`.
    package func verifyRejects<E: Error & Equatable>(
        _ input: [UInt8], with expectedError: E, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, chunks) in Self.splits(of: input) {
            var parser = makeParser()
            var thrown: (any Error)?
            for chunk in chunks {
                do { _ = try feed(&parser, chunk) } catch {
                    thrown = error
                    break
                }
            }
            #expect(
                thrown as? E == expectedError, "split: \(name), got \(String(describing: thrown))",
                sourceLocation: sourceLocation)
        }
    }

    private func run(_ chunks: [ArraySlice<UInt8>], sourceLocation: SourceLocation) -> [Event] {
        var parser = makeParser()
        var events: [Event] = []
        do {
            for chunk in chunks { events += try feed(&parser, chunk) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return normalize(events)
    }

    /// The ways a socket could cut `input`: whole, one byte at a time, and in two at every offset.
    package static func splits(of input: [UInt8]) -> [(String, [ArraySlice<UInt8>])] {
        var result: [(String, [ArraySlice<UInt8>])] = [("whole", [input[...]])]
        result.append(("byte by byte", input.indices.map { input[$0..<$0 + 1] }))
        for cut in 1..<max(input.count, 1) {
            result.append(("at \(cut)", [input[..<cut], input[cut...]]))
        }
        return result
    }
}
