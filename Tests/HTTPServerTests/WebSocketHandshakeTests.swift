import Testing

@testable import HTTPServer

@Suite struct WebSocketHandshakeTests {
    private static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

    private static func headers(
        upgrade: String? = "websocket", connection: String? = "Upgrade", version: String? = "13", key: String? = sampleKey
    ) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("Host", "localhost")]
        if let upgrade { fields.append(("Upgrade", upgrade)) }
        if let connection { fields.append(("Connection", connection)) }
        if let version { fields.append(("Sec-WebSocket-Version", version)) }
        if let key { fields.append(("Sec-WebSocket-Key", key)) }
        return fields
    }

    private func handshake(
        method: String = "GET", minor: Int = 1, _ headers: [(name: String, value: String)] = headers()
    ) throws(WebSocketHandshakeError) -> WebSocketHandshake {
        try WebSocketHandshake(method: method, versionMajor: 1, versionMinor: minor, headers: headers)
    }

    @Test func computesTheRFC6455ExampleAccept() throws {
        // RFC 6455 §1.3.
        #expect(WebSocketHandshake.acceptValue(forKey: Self.sampleKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let accepted = try handshake()
        #expect(accepted.acceptValue == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(accepted.responseHeaders.map(\.name) == ["Upgrade", "Connection", "Sec-WebSocket-Accept"])
        #expect(accepted.responseHeaders.map(\.value) == ["websocket", "Upgrade", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="])
    }

    @Test func computesAnotherKnownAccept() {
        // RFC 6455 §4.1's other sample nonce, answered as browsers verify it.
        #expect(WebSocketHandshake.acceptValue(forKey: "x3JJHMbDL1EzLkh9GBhXDw==") == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")
    }

    @Test func matchesHeaderNamesAndTokensCaseInsensitively() throws {
        let fields: [(name: String, value: String)] = [
            ("UPGRADE", "h2c, WebSocket"), ("connection", "keep-alive,\tUPGRADE"),
            ("sec-websocket-version", " 13 "), ("SEC-WEBSOCKET-KEY", " \(Self.sampleKey)\t"),
        ]
        #expect(try handshake(fields).key == Self.sampleKey)
        #expect(WebSocketHandshake.isUpgradeRequest(headers: fields))
        #expect(!WebSocketHandshake.isUpgradeRequest(headers: [("Upgrade", "h2c")]))
    }

    @Test func refusesOtherMethods() {
        #expect(throws: WebSocketHandshakeError(status: 405, message: "WebSocket upgrade requires GET, got POST", headers: [("Allow", "GET")])) {
            try handshake(method: "POST")
        }
    }

    @Test func refusesHTTP10() {
        #expect(throws: WebSocketHandshakeError(status: 400, message: "WebSocket upgrade requires HTTP/1.1")) { try handshake(minor: 0) }
    }

    @Test func requiresTheWebSocketUpgradeToken() {
        let expected = WebSocketHandshakeError(status: 426, message: "Missing Upgrade: websocket", headers: [("Upgrade", "websocket")])
        #expect(throws: expected) { try handshake(Self.headers(upgrade: nil)) }
        #expect(throws: expected) { try handshake(Self.headers(upgrade: "websockets")) }
    }

    @Test func requiresTheUpgradeConnectionToken() {
        let expected = WebSocketHandshakeError(status: 400, message: "Missing Connection: upgrade")
        #expect(throws: expected) { try handshake(Self.headers(connection: nil)) }
        #expect(throws: expected) { try handshake(Self.headers(connection: "keep-alive")) }
        #expect(throws: expected) { try handshake(Self.headers(connection: "upgraded")) }
    }

    @Test(arguments: [nil, "8", "12", "14", "13, 8", ""] as [String?])
    func answersOtherVersionsWith426(version: String?) {
        #expect {
            try handshake(Self.headers(version: version))
        } throws: { error in
            let error = error as? WebSocketHandshakeError
            return error?.status == 426 && error?.headers.map(\.name) == ["Sec-WebSocket-Version"]
                && error?.headers.map(\.value) == ["13"]
        }
    }

    @Test(
        arguments: [
            nil, "", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZXg=",
            "dGhlIHNhbXBsZSBub25jZQ==dGhl", "dGhlIHNhbXBsZSBub25j!Q==", "AAAAAAAAAAAAAAAAAAAAAAAAAA==",
        ] as [String?])
    func refusesKeysThatAreNot16Base64Bytes(key: String?) {
        #expect(throws: WebSocketHandshakeError(status: 400, message: "Sec-WebSocket-Key is not 16 base64-encoded bytes")) {
            try handshake(Self.headers(key: key))
        }
    }

    @Test func refusesDuplicateKeys() {
        let fields = Self.headers() + [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")]
        #expect(throws: WebSocketHandshakeError.self) { try handshake(fields) }
    }
}
