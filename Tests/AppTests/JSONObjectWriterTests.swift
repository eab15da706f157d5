import Foundation
import Testing

@testable import App

@Suite struct JSONObjectWriterTests {
    @Test func writesMembersInOrderWithNulls() {
        var json = JSONObjectWriter()
        json.add("s", "a\"b")
        json.add("i", Int64(-42))
        json.add("none", Optional<Int>.none)
        json.add("d", 12.5)
        json.add("whole", 5.0)
        json.add("nan", Double.nan)
        json.add("missing", Optional<String>.none)
        json.add("t", true)
        json.add("raw", json: Array(#"{"x":[1,2]}"#.utf8))
        #expect(
            String(decoding: json.finish(), as: UTF8.self)
                == #"{"s":"a\"b","i":-42,"none":null,"d":12.5,"whole":5.0,"nan":null,"missing":null,"t":true,"raw":{"x":[1,2]}}"#)
    }

    @Test func emptyObjectAndArrays() {
        #expect(JSONObjectWriter().finish() == Array("{}".utf8))
        #expect(JSONObjectWriter.array([]) == Array("[]".utf8))
        var one = JSONObjectWriter()
        one.add("a", 1)
        #expect(
            String(decoding: JSONObjectWriter.array([one.finish(), JSONObjectWriter().finish()]), as: UTF8.self)
                == #"[{"a":1},{}]"#)
    }

    @Test func stringsRoundTripThroughAParser() throws {
        let text = "quote \" backslash \\ / \u{0} \u{1F} é ✓ 🎵 \u{2028}"
        var json = JSONObjectWriter()
        json.add("text", text)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.finish())) as? [String: String]
        #expect(parsed == ["text": text])
        #expect(text.jsonQuoted == #""quote \" backslash \\ / \u0000 \u001f é ✓ 🎵 "# + "\u{2028}\"")
    }
}
