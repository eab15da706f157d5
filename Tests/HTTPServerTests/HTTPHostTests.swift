import Testing

@testable import HTTPServer

/// `HTTPHost` byte by byte against RFC 9110 §7.2 and RFC 3986 §3.2.2.
@Suite struct HTTPHostTests {
    @Test(
        arguments: [
            ("localhost", "localhost", nil),
            ("LocalHost:8000", "localhost", 8000),
            ("example.com", "example.com", nil),
            ("a-b_c~d.example.com:443", "a-b_c~d.example.com", 443),
            ("127.0.0.1", "127.0.0.1", nil),
            ("127.0.0.1:18081", "127.0.0.1", 18081),
            ("x:0", "x", 0),
            ("x:65535", "x", 65535),
            ("x:00080", "x", 80),
            ("999.1.1.1", "999.1.1.1", nil),  // not an IPv4address, but a valid reg-name
            ("%41bc", "%41bc", nil),  // pct-encoded is reg-name
            ("a!$&'()*+,;=b", "a!$&'()*+,;=b", nil),  // sub-delims are reg-name
        ] as [(String, String, Int?)])
    func validNamesAndAddresses(_ text: String, _ name: String, _ port: Int?) throws {
        let host = try #require(HTTPHost(text))
        #expect(host.name == name && host.port == port && !host.isIPv6)
    }

    @Test(
        arguments: [
            ("[::1]", "::1", nil),
            ("[::1]:8000", "::1", 8000),
            ("[::]", "::", nil),
            ("[2001:DB8::1]", "2001:db8::1", nil),
            ("[2001:db8:0:0:0:0:0:1]:1", "2001:db8:0:0:0:0:0:1", 1),
            ("[fe80::1:2:3:4:5:6]", "fe80::1:2:3:4:5:6", nil),
            ("[1:2:3:4:5:6:7::]", "1:2:3:4:5:6:7::", nil),
            ("[::ffff:192.0.2.1]", "::ffff:192.0.2.1", nil),
            ("[1:2:3:4:5:6:1.2.3.4]:80", "1:2:3:4:5:6:1.2.3.4", 80),
        ] as [(String, String, Int?)])
    func validIPv6Literals(_ text: String, _ name: String, _ port: Int?) throws {
        let host = try #require(HTTPHost(text))
        #expect(host.name == name && host.port == port && host.isIPv6)
        #expect(host.description == text.lowercased())
    }

    @Test(arguments: [
        "",  // no host
        ":80",  // no host before the port
        "127.0.0.1:18081@evil.com",  // userinfo-looking tail
        "user@example.com",  // userinfo is not part of Host
        "localhost:80:81",  // two ports
        "localhost:",  // empty port
        "localhost:65536",  // port out of range
        "localhost:123456",  // six digits
        "localhost:8a",  // port not digits
        "localhost:-1",
        "local host",  // space
        "localhost\t",  // tab
        "localhost/",  // path
        "localhost?x",  // query
        "localhost#x",  // fragment
        "local\"host",  // quote
        "%4",  // short pct-encoding
        "%zz",  // bad pct-encoding
        "exa[mple",  // bracket outside a literal
        "[::1",  // unclosed literal
        "::1",  // IPv6 without brackets
        "[::1]x",  // junk after the literal
        "[::1]:",  // empty port after a literal
        "[]",  // empty literal
        "[1:2:3:4:5:6:7:8:9]",  // nine groups
        "[1:2:3:4:5:6:7]",  // seven groups without ::
        "[1::2::3]",  // two ::
        "[12345::1]",  // group of five digits
        "[g::1]",  // not hex
        "[:::]",
        "[1:2:3:4:5:6:7:1.2.3.4]",  // IPv4 tail makes nine groups
        "[::1.2.3]",  // short IPv4 tail
        "[::256.1.1.1]",  // octet out of range
        "[::01.1.1.1]",  // leading zero
        "[::1.2.3.4:5]",  // IPv4 tail not last
        "[fe80::1%25eth0]",  // zone identifier
        "[v1.fe]",  // IPvFuture
        "caf\u{E9}.example",  // non-ASCII
    ])
    func invalidForms(_ text: String) {
        #expect(HTTPHost(text) == nil)
    }

    /// No byte outside reg-name's alphabet is accepted in a host name.
    @Test func everyByteValueInAName() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=".utf8)
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: "%") && byte != UInt8(ascii: ":") && byte != UInt8(ascii: "[") {
            let parsed = HTTPHost(bytes: Array("a".utf8) + [byte] + Array("b".utf8))
            #expect((parsed != nil) == allowed.contains(byte), "byte \(byte)")
        }
    }

    @Test func descriptionIsTheNormalisedAuthority() throws {
        #expect(try #require(HTTPHost("LOCALHOST:8000")).description == "localhost:8000")
        #expect(try #require(HTTPHost("[::1]:8000")).description == "[::1]:8000")
        #expect(try #require(HTTPHost("example.com")).description == "example.com")
    }
}
