import Foundation
import Logging
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

    @Test func anUnreachableBucketIsATransportError() async throws {
        let configuration = S3Configuration(
            bucket: "b", credentials: S3Credentials(accessKeyID: "a", secretAccessKey: Self.secret),
            endpoint: URL(string: "http://127.0.0.1:1"), requestTimeoutSeconds: 5)
        let client = S3Client(configuration: configuration, io: BlockingExecutor(label: "t", width: 1))
        let error = await #expect(throws: S3Error.self) { try await client.headBucket() }
        #expect(error?.code == "Transport" && error?.status == nil)
    }
}
