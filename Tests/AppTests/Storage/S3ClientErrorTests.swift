import Foundation
import Logging
import TestSupport
import Testing

@testable import App
@testable import HTTPServer

/// How refusals reach callers, against a live fake bucket on 127.0.0.1 that refuses every key
/// (moto accepts any credentials, so wrong ones are played by this fake as S3 answers them).
@Suite struct S3ClientErrorTests {
    static let secret = "wrong-secret-never-shown"

    /// A server answering every request 403 with S3's InvalidAccessKeyId document (HEAD: no body).
    static func refusingServer() throws -> (Server, S3Client) {
        let refuse: @Sendable (Request, RequestContext) throws -> Response = { request, _ in
            let xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidAccessKeyId</Code>"
                + "<Message>The AWS Access Key Id you provided does not exist in our records.</Message>"
                + "<AWSAccessKeyId>AKIDWRONG</AWSAccessKeyId><RequestId>1</RequestId></Error>"
            return Response(
                status: HTTPStatus(code: 403), headers: ["Content-Type": "application/xml"],
                body: request.head.method == .head ? .empty : .bytes(Array(xml.utf8)))
        }
        let router = Router(
            routes: [Route(.put, "/b/media/:file", handler: .immediate(refuse))], fallback: .immediate(refuse),
            logger: Logger(label: "fake-s3"))
        let server = Server(
            configuration: Server.Configuration(host: "127.0.0.1", port: 0, eventLoops: 1),
            responder: router, logger: Logger(label: "fake-s3"))
        let port = try server.start()
        let configuration = S3Configuration(
            bucket: "b", credentials: S3Credentials(accessKeyID: "AKIDWRONG", secretAccessKey: secret),
            endpoint: URL(string: "http://127.0.0.1:\(port)"), requestTimeoutSeconds: 5)
        return (server, S3Client(configuration: configuration, io: BlockingExecutor(label: "t", width: 1)))
    }

    @Test func wrongCredentialsAreNamedWithoutTheSecret() async throws {
        let (server, client) = try Self.refusingServer()
        let put = await #expect(throws: S3Error.self) { try await client.putObject(key: "media/k", payload: .bytes(Data([1]))) }
        #expect(
            put?.description == "object storage PutObject failed (HTTP 403): InvalidAccessKeyId: "
                + "The AWS Access Key Id you provided does not exist in our records.")
        let head = await #expect(throws: S3Error.self) { try await client.headBucket() }
        #expect(head?.code == "AccessDenied" && head?.status == 403)
        #expect(await BucketHealthCheck(client: client).run() == .unhealthy("AccessDenied (HTTP 403)"))
        for error in [put, head] { #expect(error?.description.contains(Self.secret) == false) }
        await server.shutdown(grace: .milliseconds(100))
    }

    /// A server refusing the first `refusals` requests with `status` (S3's error document), then
    /// answering 200 with `body`; `requests` counts what arrived.
    static func flakyServer(status: Int, refusals: Int, body: [UInt8] = []) throws -> (Server, S3Client, Counter) {
        let requests = Counter()
        let answer: @Sendable (Request, RequestContext) throws -> Response = { [requests] _, _ in
            guard requests.increment() > refusals else {
                let xml = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                return Response(status: HTTPStatus(code: status), headers: ["Content-Type": "application/xml"], body: .bytes(Array(xml.utf8)))
            }
            return Response(status: .ok, body: .bytes(body))
        }
        let router = Router(
            routes: [.put, .get].map { Route($0, "/b/media/:file", handler: .immediate(answer)) }, fallback: .immediate(answer),
            logger: Logger(label: "fake-s3"))
        let server = Server(
            configuration: Server.Configuration(host: "127.0.0.1", port: 0, eventLoops: 1),
            responder: router, logger: Logger(label: "fake-s3"))
        let port = try server.start()
        let configuration = S3Configuration(
            bucket: "b", credentials: S3Credentials(accessKeyID: "a", secretAccessKey: secret),
            endpoint: URL(string: "http://127.0.0.1:\(port)"), requestTimeoutSeconds: 5)
        return (server, S3Client(configuration: configuration, io: BlockingExecutor(label: "t", width: 1)), requests)
    }

    @Test(arguments: [500, 503])
    func transientRefusalsAreTriedAgain(status: Int) async throws {
        let (server, client, requests) = try Self.flakyServer(status: status, refusals: S3Client.maxAttempts - 1)
        try await client.putObject(key: "media/k", payload: .bytes(Data([1, 2, 3])))
        #expect(requests.value == S3Client.maxAttempts)
        await server.shutdown(grace: .milliseconds(100))
    }

    @Test func aDownloadIsTriedAgainAndKeepsOnlyTheAnswer() async throws {
        let (server, client, requests) = try Self.flakyServer(status: 503, refusals: 1, body: Array("audio".utf8))
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("s3-retry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: destination) }
        #expect(try await client.getObject(key: "media/k.wav", to: destination) == 5)
        #expect(try Data(contentsOf: destination) == Data("audio".utf8))
        #expect(requests.value == 2)
        await server.shutdown(grace: .milliseconds(100))
    }

    @Test func refusalsThatOutlastTheAttemptsAreReported() async throws {
        let (server, client, requests) = try Self.flakyServer(status: 503, refusals: .max)
        let error = await #expect(throws: S3Error.self) { try await client.putObject(key: "media/k", payload: .bytes(Data([1]))) }
        #expect(error?.status == 503 && error?.code == "SlowDown")
        #expect(requests.value == S3Client.maxAttempts)
        await server.shutdown(grace: .milliseconds(100))
    }

    @Test func otherRefusalsAreNotRepeated() async throws {
        let (server, client, requests) = try Self.flakyServer(status: 403, refusals: .max)
        await #expect(throws: S3Error.self) { try await client.putObject(key: "media/k", payload: .bytes(Data([1]))) }
        #expect(requests.value == 1)
        await server.shutdown(grace: .milliseconds(100))
    }

    @Test func anUnreachableBucketIsATransportError() async throws {
        let configuration = S3Configuration(
            bucket: "b", credentials: S3Credentials(accessKeyID: "a", secretAccessKey: Self.secret),
            endpoint: URL(string: "http://127.0.0.1:1"), requestTimeoutSeconds: 5)
        let client = S3Client(configuration: configuration, io: BlockingExecutor(label: "t", width: 1))
        let error = await #expect(throws: S3Error.self) { try await client.headBucket() }
        #expect(error?.code == "Transport" && error?.status == nil)
    }
}
