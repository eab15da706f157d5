/// The parts of an HTTP request that Signature Version 4 covers, and their canonical forms
/// (AWS General Reference, "Create a canonical request for Signature Version 4").
///
/// `path` and `query` hold decoded text: the signer encodes them exactly as the URL that is
/// sent must spell them (`canonicalURI`, `canonicalQuery`), so what is signed is what is sent.
struct SigV4Request: Sendable {
    /// `GET`, `PUT`, …
    var method: String
    /// The decoded absolute path, `/` for the root; segments are split on `/`.
    var path: String
    /// Decoded query parameters in any order; a parameter without a value has value "".
    var query: [(name: String, value: String)]
    /// Headers to sign (at least `host`); names in any case.
    var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` (S3 only).
    var payloadHash: String

    /// The path with each segment URI-encoded once, as S3 wants it ("Do not normalize URI paths
    /// for requests to Amazon S3"; `/` separators are kept). Other services encode it twice.
    func canonicalURI(encodeTwice: Bool = false) -> String {
        let once = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Encoding.uriEncode($0, encodeSlash: true) }.joined(separator: "/")
        let encoded =
            encodeTwice
            ? once.split(separator: "/", omittingEmptySubsequences: false)
                .map { SigV4Encoding.uriEncode($0, encodeSlash: true) }.joined(separator: "/")
            : once
        return encoded.isEmpty ? "/" : encoded
    }

    /// Names and values URI-encoded (`/` too), sorted by name then value, joined with `&`.
    var canonicalQuery: String {
        query.map { (SigV4Encoding.uriEncode($0.name, encodeSlash: true), SigV4Encoding.uriEncode($0.value, encodeSlash: true)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; repeated
    /// names joined by commas in the order given.
    var canonicalHeaders: [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(Self.normalizedHeaderValue(value))
        }
        return merged.keys.sorted().map { ($0, merged[$0, default: []].joined(separator: ",")) }
    }

    /// `host;x-amz-date;…`.
    var signedHeaders: String { canonicalHeaders.map(\.name).joined(separator: ";") }

    /// The six lines of the canonical request, joined by newlines.
    func canonicalRequest(encodePathTwice: Bool = false) -> String {
        let headerLines = canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined()
        return [method, canonicalURI(encodeTwice: encodePathTwice), canonicalQuery, headerLines, signedHeaders, payloadHash]
            .joined(separator: "\n")
    }

    private static func normalizedHeaderValue(_ value: String) -> String {
        var out = ""
        var lastWasSpace = false
        for character in value.trimmingOWSAndNewlines() {
            if character == " " {
                if !lastWasSpace { out.append(character) }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out
    }
}
