import Testing

/// Feeds a byte stream to an incremental parser in every way a socket could cut it — whole, one byte at a
/// time, and split in two at every offset — and checks that the events are always the same.
struct SplitFeeder<Parser, Event: Equatable> {
    /// Makes a fresh parser for one run.
    let makeParser: () -> Parser
    /// Feeds one chunk and returns the events it completed.
    let feed: (inout Parser, ArraySlice<UInt8>) throws -> [Event]

    /// Checks that `input` always yields `expected`, and twice `expected` when sent twice in one buffer.
    func verify(_ input: [UInt8], yields expected: [Event], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, chunks) in Self.splits(of: input) {
            #expect(run(chunks, sourceLocation) == expected, "split: \(name)", sourceLocation: sourceLocation)
        }
        #expect(
            run([ArraySlice(input + input)], sourceLocation) == expected + expected, "two per buffer",
            sourceLocation: sourceLocation)
    }

    /// Checks that `input` fails with `error` however it is cut.
    func verifyRejects<E: Error & Equatable>(
        _ input: [UInt8], with error: E, sourceLocation: SourceLocation = #_sourceLocation
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
            #expect(thrown as? E == error, "split: \(name)", sourceLocation: sourceLocation)
        }
    }

    private func run(_ chunks: [ArraySlice<UInt8>], _ sourceLocation: SourceLocation) -> [Event] {
        var parser = makeParser()
        var events: [Event] = []
        do {
            for chunk in chunks { events += try feed(&parser, chunk) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return events
    }

    static func splits(of input: [UInt8]) -> [(String, [ArraySlice<UInt8>])] {
        var result: [(String, [ArraySlice<UInt8>])] = [("whole", [input[...]])]
        result.append(("byte by byte", input.indices.map { input[$0..<$0 + 1] }))
        for cut in 1..<max(input.count, 1) {
            result.append(("at \(cut)", [input[..<cut], input[cut...]]))
        }
        return result
    }
}
