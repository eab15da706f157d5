import Chat
import Foundation
import Testing

@testable import App

@Suite struct JSONRPCMessageTests {
    private func payload(_ text: String) throws(JSONRPCError) -> JSONRPCPayload {
        try JSONRPCPayload(parsing: Array(text.utf8))
    }

    @Test func classifiesRequestsNotificationsAndResponses() throws {
        let messages = try payload(
            """
            [{"jsonrpc":"2.0","id":1,"method":"ping"},
             {"jsonrpc":"2.0","method":"notifications/initialized"},
             {"jsonrpc":"2.0","id":"x","result":{}},
             {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_track"}}]
            """
        ).messages.map { try $0.get() }
        #expect(
            messages == [
                .request(id: 1, method: "ping", params: [:]),
                .notification(method: "notifications/initialized", params: [:]),
                .response(id: "x"),
                .request(id: 2, method: "tools/call", params: ["name": "get_track"]),
            ])
    }

    @Test func notJSONIsAParseError() {
        for text in ["", "{", "{\"a\" 1}", "nope", "[1,"] {
            #expect(throws: JSONRPCError.parseError(), "\(text)") { try payload(text) }
        }
    }

    @Test func anEmptyBatchIsAnInvalidRequest() {
        #expect(throws: JSONRPCError.invalidRequest("An empty batch is not a request")) { try payload("[]") }
    }

    @Test func invalidMessagesGetMinus32600WithTheirIdWhenReadable() throws {
        let cases: [(String, JSONValue)] = [
            ("42", .null),
            (#"{"id":1,"method":"ping"}"#, 1),
            (#"{"jsonrpc":"1.0","id":"a","method":"ping"}"#, "a"),
            (#"{"jsonrpc":"2.0","id":3,"method":7}"#, 3),
            (#"{"jsonrpc":"2.0","id":4,"method":""}"#, 4),
            (#"{"jsonrpc":"2.0","id":5,"method":"ping","params":[1]}"#, 5),
            (#"{"jsonrpc":"2.0","id":6}"#, 6),
            (#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, .null),
            (#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, .null),
        ]
        for (text, id) in cases {
            let message = try #require(try payload(text).messages.first)
            guard case .failure(let failure) = message else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(failure.error.code == -32600, "\(text)")
            #expect(failure.id == id, "\(text)")
        }
    }

    @Test func aBatchKeepsTheGoodMessagesBesideTheBadOnes() throws {
        let parsed = try payload(#"[{"jsonrpc":"2.0","id":1,"method":"ping"}, 3]"#)
        #expect(parsed.isBatch)
        #expect(parsed.valid == [.request(id: 1, method: "ping", params: [:])])
        #expect(!parsed.isLoneInvalidMessage)
        #expect(try payload("3").isLoneInvalidMessage)
    }

    @Test func repliesCarryTheirIdAndResultOrError() {
        #expect(JSONRPCReply.result(7, [:]).jsonText == #"{"id":7,"jsonrpc":"2.0","result":{}}"#)
        #expect(
            JSONRPCReply.error("q", .methodNotFound("x")).jsonText
                == #"{"error":{"code":-32601,"message":"Method not found: x"},"id":"q","jsonrpc":"2.0"}"#)
    }
}
