import Testing

@testable import HTTPServer

@Suite struct MultipartHeaderValueTests {
    @Test func splitsValueAndParameters() throws {
        let value = try #require(MultipartHeaderValue(" Multipart/Form-Data ; Boundary=\"x y\" ;charset = utf-8 ;"))
        #expect(value.value == "multipart/form-data")
        #expect(value.parameters.map(\.name) == ["boundary", "charset"])
        #expect(value.parameter("boundary") == "x y" && value.parameter("charset") == "utf-8" && value.parameter("none") == nil)
    }

    @Test func firstOfRepeatedParametersWins() throws {
        #expect(try #require(MultipartHeaderValue("a; n=1; n=2")).parameter("n") == "1")
    }

    @Test func emptyQuotedValueIsKept() throws {
        #expect(try #require(MultipartHeaderValue("form-data; name=\"\"")).parameter("name") == "")
    }

    @Test(arguments: ["a; =x", "a; n", "a; n=\"open", "a; n=\"q\"x", "a; n=\"q\\"])
    func refusesMalformedParameters(text: String) {
        #expect(MultipartHeaderValue(text) == nil)
    }
}
