import Testing

@testable import HTTPServer

@Suite struct MultipartHeaderSectionTests {
    private func consume(_ text: String, maxSize: Int = 100, maxCount: Int = 4) throws -> ([(name: String, value: String)]?, Int) {
        var section = MultipartHeaderSection(maxSize: maxSize, maxCount: maxCount)
        let bytes = ArraySlice(Array(text.utf8))
        var index = bytes.startIndex
        let fields = try section.consume(bytes, from: &index)
        return (fields, index)
    }

    @Test func splitsFieldsLowerCasesNamesAndTrimsValues() throws {
        let (fields, end) = try consume("Content-Type:\t audio/wav \r\nX-A:\r\n\r\nbody")
        #expect(fields?.map(\.name) == ["content-type", "x-a"])
        #expect(fields?.map(\.value) == ["audio/wav", ""])
        #expect(end == "Content-Type:\t audio/wav \r\nX-A:\r\n\r\n".utf8.count, "stops right after the blank line")
    }

    @Test func emptySectionIsJustTheBlankLine() throws {
        let (fields, end) = try consume("\r\nbody")
        #expect(fields?.isEmpty == true && end == 2)
    }

    @Test func waitsForMoreBytesAcrossCalls() throws {
        var section = MultipartHeaderSection(maxSize: 100, maxCount: 4)
        var index = 0
        let first = ArraySlice(Array("A: 1\r".utf8))
        let pending = try section.consume(first, from: &index)
        #expect(pending == nil)
        let second = ArraySlice(Array("\n\r\n".utf8))
        index = second.startIndex
        let done = try section.consume(second, from: &index)
        #expect(done?.map(\.value) == ["1"])
    }

    @Test func keepsInvalidUTF8ValuesReadable() throws {
        var section = MultipartHeaderSection(maxSize: 100, maxCount: 4)
        let bytes = ArraySlice(Array("A: x".utf8) + [0xFF] + Array("\r\n\r\n".utf8))
        var index = bytes.startIndex
        let fields = try section.consume(bytes, from: &index)
        #expect(fields?.first?.value == "x\u{FFFD}")
    }

    @Test func limitsSizeAndCount() {
        #expect(throws: MultipartError.headersTooLarge(limit: 5)) { try consume("A: 12\r\n\r\n", maxSize: 5) }
        #expect(throws: MultipartError.tooManyHeaders(limit: 1)) { try consume("A: 1\r\nB: 2\r\n\r\n", maxCount: 1) }
    }
}
