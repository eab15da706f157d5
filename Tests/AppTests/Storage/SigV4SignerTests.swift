import Foundation
import TestSupport
import Testing

@testable import App

/// The signer against the examples AWS publishes with their signatures, and against vectors
/// botocore's S3 signers produced (Tests/Fixtures/sigv4/botocore-vectors.json, see its note).
@Suite struct SigV4SignerTests {
    static let s3Example = SigV4Signer(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    /// 2013-05-24T00:00:00Z, the instant of the S3 API reference's examples.
    static let may24 = Date(timeIntervalSince1970: 1_369_353_600)
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func signature(of authorization: String) -> String {
        String(authorization.split(separator: "Signature=").last ?? "")
    }

    /// IAM `GET /?Action=ListUsers&Version=2010-05-08` (AWS General Reference, "Signature Version 4
    /// test suite" example): signing key, canonical request hash and signature as published.
    @Test func iamListUsersExample() {
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "iam")
        let request = SigV4Request(
            method: "GET", path: "/", query: [("Version", "2010-05-08"), ("Action", "ListUsers")],
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "iam.amazonaws.com"),
                ("X-Amz-Date", "20150830T123600Z"),
            ],
            payloadHash: Self.emptyHash)
        let date = Date(timeIntervalSince1970: 1_440_938_160)
        #expect(Crypto.hex(signer.signingKey(dateStamp: "20150830")) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
        #expect(
            Crypto.sha256Hex(Array(request.canonicalRequest(encodePathTwice: true).utf8))
                == "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")
        #expect(
            signer.authorization(for: request, at: date) == "AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    /// S3 API reference, "Signature Calculations for the Authorization Header": GET object with Range.
    @Test func s3GetObjectExample() {
        let request = SigV4Request(
            method: "GET", path: "/test.txt", query: [],
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", Self.emptyHash),
                ("x-amz-date", "20130524T000000Z"),
            ],
            payloadHash: Self.emptyHash)
        #expect(
            Self.signature(of: Self.s3Example.authorization(for: request, at: Self.may24))
                == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// The same page's PUT object: a `$` in the key, a storage class header and a signed payload.
    @Test func s3PutObjectExample() {
        let payload = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        #expect(Crypto.sha256Hex(Array("Welcome to Amazon S3.".utf8)) == payload)
        let request = SigV4Request(
            method: "PUT", path: "/test$file.text", query: [],
            headers: [
                ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("Host", "examplebucket.s3.amazonaws.com"),
                ("x-amz-content-sha256", payload), ("x-amz-date", "20130524T000000Z"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ],
            payloadHash: payload)
        #expect(request.canonicalURI() == "/test%24file.text")
        #expect(
            Self.signature(of: Self.s3Example.authorization(for: request, at: Self.may24))
                == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    /// The same page's GET bucket lifecycle (a parameter without value) and list objects (sorted query).
    @Test func s3BucketQueryExamples() {
        func signed(_ query: [(name: String, value: String)]) -> String {
            let request = SigV4Request(
                method: "GET", path: "/", query: query,
                headers: [
                    ("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-content-sha256", Self.emptyHash),
                    ("x-amz-date", "20130524T000000Z"),
                ],
                payloadHash: Self.emptyHash)
            return Self.signature(of: Self.s3Example.authorization(for: request, at: Self.may24))
        }
        #expect(signed([("lifecycle", "")]) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
        #expect(signed([("prefix", "J"), ("max-keys", "2")]) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    /// S3 API reference, "Authenticating Requests: Using Query Parameters": the presigned GET example.
    @Test func s3PresignedURLExample() {
        let request = SigV4Request(
            method: "GET", path: "/test.txt", query: [],
            headers: [("host", "examplebucket.s3.amazonaws.com")], payloadHash: "")
        let query = Self.s3Example.presignedQuery(for: request, at: Self.may24, expiresSeconds: 86400)
        #expect(
            query == "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func presignedLifetimeIsClampedToS3Limits() {
        let request = SigV4Request(method: "GET", path: "/k", query: [], headers: [("host", "h")], payloadHash: "")
        #expect(Self.s3Example.presignedQuery(for: request, at: Self.may24, expiresSeconds: 10_000_000).contains("X-Amz-Expires=604800&"))
        #expect(Self.s3Example.presignedQuery(for: request, at: Self.may24, expiresSeconds: -5).contains("X-Amz-Expires=1&"))
    }

    @Test func uriEncodingFollowsS3Rules() {
        #expect(SigV4Encoding.uriEncode("a b+c/d~e_f-g.h*'()!é", encodeSlash: true) == "a%20b%2Bc%2Fd~e_f-g.h%2A%27%28%29%21%C3%A9")
        #expect(SigV4Encoding.uriEncode("a/b c", encodeSlash: false) == "a/b%20c")
        let request = SigV4Request(
            method: "GET", path: "/bucket/dir/a b", query: [("b", "2"), ("a", "x/y"), ("a", "1")],
            headers: [], payloadHash: "")
        #expect(request.canonicalURI() == "/bucket/dir/a%20b")
        #expect(request.canonicalQuery == "a=1&a=x%2Fy&b=2")
    }

    @Test func headersAreLowercasedSortedTrimmedAndMerged() {
        let request = SigV4Request(
            method: "GET", path: "/", query: [],
            headers: [("X-Amz-Meta-B", "  one   two "), ("Host", "h"), ("x-amz-meta-b", "three")],
            payloadHash: "")
        #expect(request.canonicalHeaders.map { "\($0.name):\($0.value)" } == ["host:h", "x-amz-meta-b:one two,three"])
        #expect(request.signedHeaders == "host;x-amz-meta-b")
    }

    @Test func credentialsNeverDescribeTheSecret() {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "very-secret-value")
        #expect(!"\(credentials)".contains("very-secret-value"))
    }

    // MARK: botocore vectors

    struct Vector: Decodable {
        let name: String
        let kind: String
        let method: String
        let path: String
        let query: [[String]]
        let headers: [[String]]
        let payload_sha256: String?
        let region: String
        let instant: String
        let authorization: String?
        let expires: Int?
        let signature: String?
    }

    struct VectorFile: Decodable {
        let access_key_id: String
        let secret_access_key: String
        let vectors: [Vector]
    }

    static let vectors: VectorFile? = {
        // Our own vectors, in the repository whatever FIXTURES_DIR says.
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/sigv4/botocore-vectors.json")
        return (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(VectorFile.self, from: $0) }
    }()

    @Test func botocoreVectorsAreThere() {
        #expect((Self.vectors?.vectors.count ?? 0) >= 10)
    }

    @Test(arguments: (vectors?.vectors ?? []).map(\.name))
    func botocoreVector(_ name: String) throws {
        let file = try #require(Self.vectors)
        let vector = try #require(file.vectors.first { $0.name == name })
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: file.access_key_id, secretAccessKey: file.secret_access_key),
            region: vector.region, service: "s3")
        let date = try #require(ISO8601DateFormatter().date(from: vector.instant))
        let request = SigV4Request(
            method: vector.method, path: vector.path, query: vector.query.map { ($0[0], $0[1]) },
            headers: vector.headers.map { ($0[0], $0[1]) }, payloadHash: vector.payload_sha256 ?? "")
        if vector.kind == "header" {
            #expect(signer.authorization(for: request, at: date) == vector.authorization)
        } else {
            let query = signer.presignedQuery(for: request, at: date, expiresSeconds: vector.expires ?? 0)
            #expect(Self.signature(of: query) == vector.signature)
        }
    }
}
