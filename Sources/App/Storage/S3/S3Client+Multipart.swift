import Foundation

extension S3Client {
    /// One uploaded part, as CompleteMultipartUpload lists it.
    struct CompletedPart: Sendable, Equatable {
        /// 1…10000, in upload order.
        let number: Int
        /// The ETag UploadPart answered with, quotes included.
        let etag: String
    }

    /// CreateMultipartUpload.
    /// - Returns: the upload id.
    /// - Throws: `S3Error`.
    func createMultipartUpload(key: String, contentType: String? = nil) async throws -> String {
        let reply = try await send(
            "CreateMultipartUpload", "POST", key: key, query: [("uploads", "")],
            headers: contentType.map { [("content-type", $0)] } ?? [])
        guard let id = try? XMLElementParser().parse(reply.body).text(of: "UploadId"), !id.isEmpty else {
            throw S3Error(operation: "CreateMultipartUpload", status: reply.status, code: "MalformedResponse", message: "no UploadId")
        }
        return id
    }

    /// UploadPart: `payload` (at least 5 MiB, except for the last part) as part `number`.
    /// - Throws: `S3Error`.
    func uploadPart(key: String, uploadID: String, number: Int, payload: S3Payload) async throws -> CompletedPart {
        let reply = try await send(
            "UploadPart", "PUT", key: key,
            query: [("partNumber", String(number)), ("uploadId", uploadID)], payload: payload)
        guard let etag = reply.headers["etag"] else {
            throw S3Error(operation: "UploadPart", status: reply.status, code: "MalformedResponse", message: "no ETag")
        }
        return CompletedPart(number: number, etag: etag)
    }

    /// CompleteMultipartUpload: the object appears, made of `parts` in order.
    /// - Throws: `S3Error`, also when S3 answers 200 with an error document (it may, after a slow assembly).
    func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(XMLText.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let reply = try await send(
            "CompleteMultipartUpload", "POST", key: key, query: [("uploadId", uploadID)],
            headers: [("content-type", "application/xml")], payload: .bytes(Data(xml.utf8)))
        if let root = try? XMLElementParser().parse(reply.body), root.name == "Error" {
            throw S3Error.from(operation: "CompleteMultipartUpload", status: reply.status, body: reply.body)
        }
    }

    /// AbortMultipartUpload: the parts are discarded; an upload already gone is success.
    /// - Throws: `S3Error`.
    func abortMultipartUpload(key: String, uploadID: String) async throws {
        do {
            _ = try await send("AbortMultipartUpload", "DELETE", key: key, query: [("uploadId", uploadID)])
        } catch let error as S3Error where error.code == "NoSuchUpload" {
            return
        }
    }
}
