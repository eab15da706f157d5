import Testing

@testable import HTTPServer

@Suite struct MultipartPartHeadTests {
    @Test func readsNameFilenameAndContentType() throws {
        let head = try MultipartPartHead(headers: [
            ("content-disposition", "form-data; name=\"audio\"; filename=\"x.wav\""), ("content-type", "audio/wav"), ("x-extra", "1"),
        ])
        #expect(head.name == "audio" && head.filename == "x.wav" && head.contentType == "audio/wav")
        #expect(head.header("X-Extra") == "1" && head.header("missing") == nil)
        #expect(head.description == "part audio filename=x.wav type=audio/wav")
    }

    @Test func plainFieldHasNoFilenameOrType() throws {
        let head = try MultipartPartHead(headers: [("content-disposition", "form-data; name=mime_type")])
        #expect(head.name == "mime_type" && head.filename == nil && head.contentType == nil)
    }

    @Test func refusesMissingOrWrongDisposition() {
        #expect(throws: MultipartError.missingContentDisposition) { try MultipartPartHead(headers: [("content-type", "text/plain")]) }
        #expect(throws: MultipartError.invalidContentDisposition) {
            try MultipartPartHead(headers: [("content-disposition", "inline; name=\"a\"")])
        }
        #expect(throws: MultipartError.invalidContentDisposition) {
            try MultipartPartHead(headers: [("content-disposition", "form-data; name=\"a")])
        }
        #expect(throws: MultipartError.missingName) { try MultipartPartHead(headers: [("content-disposition", "form-data")]) }
    }

    @Test func equalityComparesEveryHeaderInOrder() throws {
        let one = try MultipartPartHead(headers: [("content-disposition", "form-data; name=a"), ("x", "1")])
        let same = try MultipartPartHead(headers: [("content-disposition", "form-data; name=a"), ("x", "1")])
        let other = try MultipartPartHead(headers: [("content-disposition", "form-data; name=a"), ("x", "2")])
        #expect(one == same && one != other)
    }
}
