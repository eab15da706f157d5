import Foundation

extension S3Client {
    /// PutObject: stores `payload` whole under `key`.
    /// - Parameter contentType: sent back by GetObject (and so by presigned URLs).
    /// - Throws: `S3Error`.
    func putObject(key: String, payload: S3Payload, contentType: String? = nil) async throws {
        _ = try await send("PutObject", "PUT", key: key, headers: contentType.map { [("content-type", $0)] } ?? [], payload: payload)
    }

    /// GetObject, streamed to `destination` (replaced when it exists); nothing is written on failure.
    /// - Returns: the object's size in bytes.
    /// - Throws: `S3Error` (`isNotFound` when there is no such key).
    @discardableResult
    func getObject(key: String, to destination: URL) async throws -> Int {
        let reply = try await download("GetObject", key: key, to: destination)
        return reply.headers["content-length"].flatMap(Int.init) ?? 0
    }

    /// GetObject into memory, for small objects (images); nil when there is no such key.
    /// - Throws: `S3Error` other than not-found.
    func getObjectBytes(key: String) async throws -> [UInt8]? {
        do {
            return try await send("GetObject", "GET", key: key).body
        } catch let error as S3Error where error.isNotFound {
            return nil
        }
    }

    /// HeadObject: the size of `key`, nil when there is no such key.
    /// - Throws: `S3Error` other than not-found.
    func headObject(key: String) async throws -> Int? {
        do {
            let reply = try await send("HeadObject", "HEAD", key: key)
            return reply.headers["content-length"].flatMap(Int.init) ?? 0
        } catch let error as S3Error where error.isNotFound {
            return nil
        }
    }

    /// DeleteObject; a missing key is success (S3 answers 204 for it too).
    /// - Throws: `S3Error`.
    func deleteObject(key: String) async throws {
        do {
            _ = try await send("DeleteObject", "DELETE", key: key)
        } catch let error as S3Error where error.isNotFound && error.code != "NoSuchBucket" {
            return
        }
    }

    /// HeadBucket: the bucket exists and these credentials may use it.
    /// - Parameter timeout: seconds to wait; default the configured request timeout.
    /// - Throws: `S3Error` (403 for wrong credentials, 404 for a missing bucket).
    func headBucket(timeout: Double? = nil) async throws {
        _ = try await send("HeadBucket", "HEAD", key: nil, timeout: timeout)
    }

    /// CreateBucket in the configured region (test set-up and first deployments).
    /// - Throws: `S3Error`; `BucketAlreadyOwnedByYou` is success.
    func createBucket() async throws {
        var payload = S3Payload.empty
        if configuration.region != "us-east-1" {
            // Outside us-east-1 S3 wants the region named in the body.
            payload = .bytes(
                Data(
                    ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                        + XMLText.escape(configuration.region) + "</LocationConstraint></CreateBucketConfiguration>").utf8))
        }
        do {
            _ = try await send("CreateBucket", "PUT", key: nil, payload: payload)
        } catch let error as S3Error where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }
}

/// Escaping for the few XML request bodies we write.
enum XMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
