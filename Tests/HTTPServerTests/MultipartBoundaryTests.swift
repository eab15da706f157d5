import Testing

@testable import HTTPServer

@Suite struct MultipartBoundaryTests {
    @Test func extractsQuotedAndUnquotedBoundaries() throws {
        #expect(try MultipartBoundary(contentType: "multipart/form-data; boundary=----WebKitFormBoundaryX").value == "----WebKitFormBoundaryX")
        #expect(try MultipartBoundary(contentType: "multipart/form-data; boundary=\"a b:c?\"").value == "a b:c?")
        #expect(try MultipartBoundary(contentType: "Multipart/Form-Data;charset=utf-8;BOUNDARY=abc ; x=y").value == "abc")
        #expect(try MultipartBoundary(contentType: "multipart/form-data ;\tboundary = \"q(x)\"").value == "q(x)")
    }

    @Test func acceptsSeventyCharactersAndRefusesSeventyOne() throws {
        let seventy = String(repeating: "a", count: 70)
        #expect(try MultipartBoundary(seventy).value == seventy)
        #expect(throws: MultipartError.invalidBoundary) { try MultipartBoundary(seventy + "a") }
        #expect(throws: MultipartError.invalidBoundary) { try MultipartBoundary(contentType: "multipart/form-data; boundary=\(seventy)a") }
    }

    @Test func acceptsEveryAllowedCharacter() throws {
        let allowed = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? x"
        for chunk in stride(from: 0, to: allowed.count, by: 60) {
            let part = String(allowed.dropFirst(chunk).prefix(60))
            #expect(try MultipartBoundary(part).value == part)
        }
    }

    @Test(arguments: ["", "ends with space ", "at@sign", "quote\"", "semi;colon", "tab\there", "é", "new\r\nline", "back\\slash"])
    func refusesInvalidBoundaries(boundary: String) {
        #expect(throws: MultipartError.invalidBoundary) { try MultipartBoundary(boundary) }
    }

    @Test func reportsAMissingBoundary() {
        #expect(throws: MultipartError.missingBoundary) { try MultipartBoundary(contentType: "multipart/form-data") }
        #expect(throws: MultipartError.missingBoundary) { try MultipartBoundary(contentType: "multipart/form-data; charset=utf-8") }
    }

    @Test func reportsANonMultipartType() {
        #expect(throws: MultipartError.notMultipartFormData) { try MultipartBoundary(contentType: "application/json") }
        #expect(throws: MultipartError.notMultipartFormData) { try MultipartBoundary(contentType: "multipart/mixed; boundary=a") }
        #expect(throws: MultipartError.notMultipartFormData) { try MultipartBoundary(contentType: "") }
    }

    @Test func delimiterIsCRLFDashDashBoundary() throws {
        #expect(try MultipartBoundary("xyz").delimiter == Array("\r\n--xyz".utf8))
    }

    @Test func errorMessagesFitA400Body() {
        #expect(MultipartError.missingBoundary.message == "Missing boundary")
        #expect(MultipartError.unexpectedEnd.description == "Unexpected end of body")
        #expect(MultipartError.headersTooLarge(limit: 8192).message == "Part headers too large (limit 8192 bytes)")
        #expect(MultipartError.tooManyParts(limit: 3).status == 400)
    }
}
