import TestSupport
import Testing

@testable import HTTPServer

@Suite struct RequestBodyTests {
    @Test func chunksArriveInOrderAndTheBodyEnds() async throws {
        let body = RequestBody(maxBytes: 100, onDemand: {})
        #expect(body.append([1, 2]) == .more)
        #expect(body.append([3]) == .more)
        body.finish()
        #expect(try await body.collect(upTo: 100) == [1, 2, 3])
    }

    @Test func consumedChunksAreReleasedWhileTheProducerStaysAhead() async throws {
        // A consumer one chunk behind never empties the buffer; what it took must still be freed.
        let body = RequestBody(maxBytes: .max, onDemand: {})
        var iterator = body.makeAsyncIterator()
        _ = body.append([UInt8](repeating: 0, count: 1024))
        for round in 0..<1000 {
            _ = body.append([UInt8](repeating: UInt8(round % 256), count: 1024))
            let chunk = try await iterator.next()
            #expect(chunk?.count == 1024)
        }
        #expect(body.retainedChunkCount <= 1)
    }

    @Test func theLimitFailsTheBody() async throws {
        let body = RequestBody(maxBytes: 3, onDemand: {})
        #expect(body.append([1, 2]) == .more)
        #expect(body.append([3, 4]) == .tooLarge)
        await #expect(throws: HTTPError(.contentTooLarge)) { _ = try await body.collect(upTo: 100) }
    }

    @Test func aFullBufferPausesTheProducerUntilTheConsumerCatchesUp() async throws {
        let demands = Counter()
        let body = RequestBody(maxBytes: .max, onDemand: { demands.increment() })
        let chunk = [UInt8](repeating: 1, count: RequestBody.highWaterBytes / 4)
        var results: [RequestBody.AppendResult] = []
        for _ in 0..<4 { results.append(body.append(chunk)) }
        #expect(results == [.more, .more, .more, .pause])
        #expect(body.isPaused)
        var iterator = body.makeAsyncIterator()
        for _ in 0..<3 { _ = try await iterator.next() }
        #expect(!body.isPaused)
        #expect(demands.value >= 2)  // first demand, then the resume
    }
}
