import Testing

@testable import HTTPServer

@Suite struct MultipartContentDispositionTests {
    @Test func parsesNameAndFilename() throws {
        let disposition = try #require(MultipartContentDisposition("form-data; name=\"file\"; filename=\"a b.wav\""))
        #expect(disposition.type == "form-data" && disposition.name == "file" && disposition.filename == "a b.wav")
        let field = try #require(MultipartContentDisposition("Form-Data; NAME=token_value"))
        #expect(field.type == "form-data" && field.name == "token_value" && field.filename == nil)
    }

    @Test func unescapesQuotedPairsButKeepsWindowsPaths() throws {
        let escaped = try #require(MultipartContentDisposition(#"form-data; name="f"; filename="say \"hi\" \\ ok.wav""#))
        #expect(escaped.filename == #"say "hi" \ ok.wav"#)
        let windows = try #require(MultipartContentDisposition(#"form-data; name="f"; filename="C:\Music\a.wav""#))
        #expect(windows.filename == #"C:\Music\a.wav"#)
        let semicolon = try #require(MultipartContentDisposition(#"form-data; name="f"; filename="a;b=c.wav""#))
        #expect(semicolon.filename == "a;b=c.wav")
    }

    @Test func extendedFilenameTakesPrecedenceInEitherOrder() throws {
        let after = try #require(MultipartContentDisposition("form-data; name=\"f\"; filename=\"EUR.wav\"; filename*=UTF-8''%e2%82%ac.wav"))
        #expect(after.filename == "€.wav")
        let before = try #require(MultipartContentDisposition("form-data; name=\"f\"; filename*=utf-8'en'%E2%82%AC%20rates.wav; filename=\"x\""))
        #expect(before.filename == "€ rates.wav")
        let latin1 = try #require(MultipartContentDisposition("form-data; name=\"f\"; filename*=ISO-8859-1''caf%E9.wav"))
        #expect(latin1.filename == "café.wav")
    }

    @Test(arguments: ["UTF-8''%e2%82.wav", "UTF-8''%zz.wav", "UTF-8''%e", "KOI8-R''%e2.wav", "no-quotes", "UTF-8'%e2%82%ac"])
    func undecodableExtendedFilenameFallsBack(value: String) throws {
        let disposition = try #require(MultipartContentDisposition("form-data; name=\"f\"; filename=\"plain.wav\"; filename*=\(value)"))
        #expect(disposition.filename == "plain.wav")
    }

    @Test func keepsTraversalLookingNamesRaw() throws {
        let disposition = try #require(MultipartContentDisposition(#"form-data; name="f"; filename="../../etc/passwd""#))
        #expect(disposition.filename == "../../etc/passwd")
        let encoded = try #require(MultipartContentDisposition("form-data; name=\"f\"; filename*=UTF-8''..%2F..%2Fx%00.wav"))
        #expect(encoded.filename == "../../x\u{0}.wav")
    }

    @Test(arguments: ["", "form-data; name=\"unterminated", "form-data; name", "form-data; name=\"a\" junk", "; name=\"a\""])
    func refusesMalformedValues(value: String) {
        #expect(MultipartContentDisposition(value) == nil)
    }
}
