import TestSupport
import Testing

@testable import HTTPServer

@Suite struct MultipartParserTests {
    private typealias Body = MultipartTestBody

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Parses `input` split at `cut`, then finishes; returns merged events.
    private func parseAll(_ input: [UInt8], cut: Int? = nil, limits: MultipartParser.Limits = .init()) throws -> [MultipartEvent] {
        var parser = MultipartParser(boundary: try MultipartBoundary(Body.boundary), limits: limits)
        let at = cut ?? input.count
        var events = try parser.parse(input[..<at])
        events += try parser.parse(input[at...])
        try parser.finish()
        return Body.normalize(events)
    }

    @Test func parsesABrowserUpload() throws {
        let wav: [UInt8] = Array("RIFF".utf8) + [0x00, 0x0D, 0x0A, 0x2D, 0x2D, 0xFF, 0x0D] + Array("WAVEfmt ".utf8)
        let input = Body.field("fragment_id", bytes("3f2a")) + Body.field("audio", filename: "a b.wav", contentType: "audio/wav", wav) + Body.close
        try Body.verifier().verify(
            input,
            yields: [
                .partHead(try Body.head("fragment_id")), .body(ArraySlice(bytes("3f2a"))), .partEnd,
                .partHead(try Body.head("audio", filename: "a b.wav", contentType: "audio/wav")), .body(ArraySlice(wav)), .partEnd,
                .end,
            ], repeatable: false)
        let head = try Body.head("audio", filename: "a b.wav", contentType: "audio/wav")
        #expect(head.name == "audio" && head.filename == "a b.wav" && head.contentType == "audio/wav")
    }

    @Test func ignoresPreambleAndEpilogue() throws {
        let input =
            bytes("This is the preamble.\r\nIt has --dashes and \r\n--other lines.\r\n") + Body.field("a", bytes("1")) + Body.close
            + bytes("epilogue\r\n--\(Body.boundary)\r\nnot a part\r\n")
        try Body.verifier().verify(
            input, yields: [.partHead(try Body.head("a")), .body(ArraySlice(bytes("1"))), .partEnd, .end],
            repeatable: false)
    }

    @Test func keepsBodyBytesThatOnlyResembleTheDelimiter() throws {
        let tricky = bytes("\r\n--\(Body.boundary.dropLast())x\r\r\n-\r\n--\r\n--\(Body.boundary.prefix(5))\r") + [0x0D, 0x0A]
        let input = Body.field("f", tricky) + Body.close
        try Body.verifier().verify(
            input, yields: [.partHead(try Body.head("f")), .body(ArraySlice(tricky)), .partEnd, .end],
            repeatable: false)
    }

    @Test func handlesEmptyPartsAndEmptyBodies() throws {
        let input = Body.field("empty", []) + Body.field("crlf", bytes("\r\n")) + Body.close
        try Body.verifier().verify(
            input,
            yields: [
                .partHead(try Body.head("empty")), .partEnd,
                .partHead(try Body.head("crlf")), .body(ArraySlice(bytes("\r\n"))), .partEnd, .end,
            ], repeatable: false)
    }

    @Test func acceptsBodyWithNoParts() throws {
        try Body.verifier().verify(Body.close, yields: [.end], repeatable: false)
    }

    @Test func acceptsTransportPaddingAndCloseWithoutCRLF() throws {
        let input = bytes("--\(Body.boundary) \t \r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n--\(Body.boundary)--")
        try Body.verifier().verify(
            input, yields: [.partHead(try Body.head("p")), .body(ArraySlice(bytes("v"))), .partEnd, .end],
            repeatable: false)
    }

    @Test func findsTheBoundaryWhereverTheInputIsCut() throws {
        // Many short parts so a delimiter straddles every possible cut (the verifier tries each one).
        let input = (0..<6).flatMap { Body.field("f\($0)", bytes(String(repeating: "\r", count: $0))) } + Body.close
        let expected =
            try (0..<6).flatMap { index -> [MultipartEvent] in
                [.partHead(try Body.head("f\(index)"))] + (index == 0 ? [] : [.body(ArraySlice(bytes(String(repeating: "\r", count: index))))])
                    + [.partEnd]
            } + [.end]
        try Body.verifier().verify(input, yields: expected, repeatable: false)
    }

    @Test func streamsBodyBytesBeforeThePartEnds() throws {
        var parser = MultipartParser(boundary: try MultipartBoundary(Body.boundary))
        let head = Body.field("f", []).dropLast(2)  // without the CRLF that starts the delimiter
        let payload = [UInt8](repeating: 0x41, count: 10_000)
        _ = try parser.parse(ArraySlice(head))
        let events = try parser.parse(ArraySlice(payload + [0x0D, 0x0A, 0x2D]))
        // Everything but the possible delimiter start comes back at once, as a slice of the input.
        #expect(events == [.body(ArraySlice(payload))])
        #expect(try parser.parse(ArraySlice(bytes("-\(Body.boundary)--"))) == [.partEnd, .end])
    }

    // MARK: Errors

    @Test func reportsUnexpectedEndWhenTheCloseDelimiterIsMissing() throws {
        let truncated = Body.field("a", bytes("data"))
        for cut in 0...truncated.count {
            #expect(throws: MultipartError.unexpectedEnd) { try parseAll(truncated, cut: cut) }
        }
        let partial = Body.field("a", bytes("data")) + Array(Body.close.prefix(10))
        #expect(throws: MultipartError.unexpectedEnd) { try parseAll(partial) }
    }

    @Test func reportsMissingBoundaryInBody() {
        #expect(throws: MultipartError.noBoundaryInBody) { try parseAll([]) }
        #expect(throws: MultipartError.noBoundaryInBody) { try parseAll(bytes("just text, no --boundary")) }
    }

    @Test func rejectsGarbageAfterABoundary() throws {
        try Body.verifier().verifyRejects(bytes("--\(Body.boundary)x\r\n"), with: MultipartError.invalidBoundaryLine)
        try Body.verifier().verifyRejects(bytes("--\(Body.boundary)-x"), with: MultipartError.invalidBoundaryLine)
        try Body.verifier().verifyRejects(bytes("--\(Body.boundary)\rx"), with: MultipartError.invalidBoundaryLine)
        let padding = String(repeating: " ", count: 300)
        try Body.verifier().verifyRejects(bytes("--\(Body.boundary)\(padding)\r\n"), with: MultipartError.invalidBoundaryLine)
    }

    @Test func rejectsMalformedPartHeaders() throws {
        let cases = [
            "Content-Disposition: form-data; name=\"a\"\n\r\n",  // bare LF
            "Content-Disposition: form-data; name=\"a\"\r\r\n\r\n",  // bare CR
            "Content-Disposition form-data\r\n\r\n",  // no colon
            "Content-Disposition : form-data; name=\"a\"\r\n\r\n",  // space before colon
            "Content-Disposition: form-data;\r\n name=\"a\"\r\n\r\n",  // obs-fold
            ": empty name\r\n\r\n",
        ]
        for headers in cases {
            try Body.verifier().verifyRejects(bytes("--\(Body.boundary)\r\n\(headers)"), with: MultipartError.invalidHeader)
        }
    }

    @Test func rejectsPartsWithoutAUsableDisposition() throws {
        try Body.verifier().verifyRejects(Body.part([], bytes("x")), with: MultipartError.missingContentDisposition)
        try Body.verifier().verifyRejects(Body.part(["Content-Type: text/plain"], []), with: MultipartError.missingContentDisposition)
        try Body.verifier().verifyRejects(
            Body.part(["Content-Disposition: attachment; name=\"a\""], []),
            with: MultipartError.invalidContentDisposition)
        try Body.verifier().verifyRejects(Body.part(["Content-Disposition: form-data; filename=\"a\""], []), with: MultipartError.missingName)
    }

    @Test func keepsThrowingAfterAnError() throws {
        var parser = MultipartParser(boundary: try MultipartBoundary(Body.boundary))
        #expect(throws: MultipartError.invalidBoundaryLine) { try parser.parse(ArraySlice(bytes("--\(Body.boundary)!"))) }
        #expect(throws: MultipartError.invalidBoundaryLine) { try parser.parse(ArraySlice(Body.close)) }
        #expect(throws: MultipartError.invalidBoundaryLine) { try parser.finish() }
    }

    // MARK: Limits

    @Test func partLimitAndOneMore() throws {
        let limits = MultipartParser.Limits(maxParts: 2)
        let two = Body.field("a", []) + Body.field("b", [])
        try Body.verifier(limits: limits).verify(
            two + Body.close,
            yields: [
                .partHead(try Body.head("a")), .partEnd, .partHead(try Body.head("b")), .partEnd, .end,
            ], repeatable: false)
        try Body.verifier(limits: limits).verifyRejects(two + Body.field("c", []) + Body.close, with: MultipartError.tooManyParts(limit: 2))
    }

    @Test func headerSectionSizeLimitAndOneMore() throws {
        // The section counts each line with its CRLF plus the blank line's CRLF.
        let line = "Content-Disposition: form-data; name=\"a\""
        let size = line.utf8.count + 4
        let input = Body.field("a", []) + Body.close
        try Body.verifier(limits: .init(maxHeaderSectionSize: size)).verify(
            input, yields: [.partHead(try Body.head("a")), .partEnd, .end],
            repeatable: false)
        try Body.verifier(limits: .init(maxHeaderSectionSize: size - 1)).verifyRejects(
            input, with: MultipartError.headersTooLarge(limit: size - 1))
    }

    @Test func headerCountLimitAndOneMore() throws {
        let headers = ["Content-Disposition: form-data; name=\"a\"", "X-One: 1", "X-Two: 2"]
        let input = Body.part(headers, []) + Body.close
        let events = try parseAll(input, limits: .init(maxHeaderCount: 3))
        #expect(events.count == 3)
        try Body.verifier(limits: .init(maxHeaderCount: 2)).verifyRejects(input, with: MultipartError.tooManyHeaders(limit: 2))
    }

    @Test func defaultLimits() {
        let limits = MultipartParser.Limits()
        #expect(limits.maxParts == 100 && limits.maxHeaderSectionSize == 8192 && limits.maxHeaderCount == 16)
    }

    @Test func unboundedHeaderSectionIsRefusedAtTheDefaultLimit() throws {
        var parser = MultipartParser(boundary: try MultipartBoundary(Body.boundary))
        let flood = bytes("--\(Body.boundary)\r\nX: ") + [UInt8](repeating: 0x61, count: 100_000)
        #expect(throws: MultipartError.headersTooLarge(limit: 8192)) { try parser.parse(ArraySlice(flood)) }
    }

    @Test func matchesWholeParsingOnPseudoRandomBodiesAndCuts() throws {
        var generator = SplitMix64(seed: 7)
        let alphabet = bytes("\r\n-ab") + Array(Body.boundary.utf8.prefix(6))
        for _ in 0..<200 {
            let body = (0..<Int(generator.next() % 40)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let input = Body.field("r", body) + Body.close
            let cut = Int(generator.next() % UInt64(input.count + 1))
            let expected: [MultipartEvent] = [.partHead(try Body.head("r"))] + (body.isEmpty ? [] : [.body(ArraySlice(body))]) + [.partEnd, .end]
            #expect(try parseAll(input, cut: cut) == expected, "body \(body) cut \(cut)")
        }
    }
}
