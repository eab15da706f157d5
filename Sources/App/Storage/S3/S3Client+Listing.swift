import Foundation

extension S3Client {
    /// An object in a listing.
    struct ObjectSummary: Sendable, Equatable {
        /// The full key, prefix included.
        let key: String
        /// Bytes.
        let size: Int
        /// When it was written; nil when the listing's timestamp could not be read.
        let lastModified: Date?
    }

    /// A multipart upload not yet completed or aborted.
    struct UploadSummary: Sendable, Equatable {
        /// The key the upload would create.
        let key: String
        /// What UploadPart, Complete and Abort name it by.
        let uploadID: String
        /// When it was created; nil when the listing's timestamp could not be read.
        let initiated: Date?
    }

    /// ListObjectsV2 under `prefix`, every page.
    /// - Parameter maxKeys: keys per page (1…1000); default 1000.
    /// - Returns: every object whose key starts with `prefix`, in key order.
    /// - Throws: `S3Error`.
    func listObjects(prefix: String, maxKeys: Int = 1000) async throws -> [ObjectSummary] {
        var objects: [ObjectSummary] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix), ("max-keys", String(maxKeys))]
            if let token { query.append(("continuation-token", token)) }
            let root = try parsed("ListObjectsV2", try await send("ListObjectsV2", "GET", key: nil, query: query))
            objects += root.children("Contents").map {
                ObjectSummary(
                    key: $0.text(of: "Key") ?? "", size: Int($0.text(of: "Size") ?? "") ?? 0,
                    lastModified: S3Timestamp.parse($0.text(of: "LastModified")))
            }
            token = root.text(of: "IsTruncated") == "true" ? root.text(of: "NextContinuationToken") : nil
        } while token != nil
        return objects
    }

    /// ListMultipartUploads under `prefix`, every page.
    /// - Throws: `S3Error`.
    func listMultipartUploads(prefix: String) async throws -> [UploadSummary] {
        var uploads: [UploadSummary] = []
        var markers: (key: String, upload: String)?
        repeat {
            var query: [(name: String, value: String)] = [("uploads", ""), ("prefix", prefix)]
            if let markers { query += [("key-marker", markers.key), ("upload-id-marker", markers.upload)] }
            let root = try parsed("ListMultipartUploads", try await send("ListMultipartUploads", "GET", key: nil, query: query))
            uploads += root.children("Upload").map {
                UploadSummary(
                    key: $0.text(of: "Key") ?? "", uploadID: $0.text(of: "UploadId") ?? "",
                    initiated: S3Timestamp.parse($0.text(of: "Initiated")))
            }
            markers = nil
            if root.text(of: "IsTruncated") == "true", let key = root.text(of: "NextKeyMarker"),
                let upload = root.text(of: "NextUploadIdMarker")
            {
                markers = (key, upload)
            }
        } while markers != nil
        return uploads
    }

    private func parsed(_ operation: String, _ reply: S3Transport.Reply) throws -> XMLElement {
        do {
            return try XMLElementParser().parse(reply.body)
        } catch {
            throw S3Error(operation: operation, status: reply.status, code: "MalformedResponse", message: "\(error)")
        }
    }
}

/// S3's timestamps in listings: `2009-10-12T17:50:30.000Z`.
enum S3Timestamp {
    /// The instant, or nil for anything else.
    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        let digits = text.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) }.map { Int($0.value) - 48 }
        guard digits.count >= 14, text.hasSuffix("Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32 { Int32(digits[range].reduce(0) { $0 * 10 + $1 }) }
        var parts = tm()
        parts.tm_year = number(0..<4) - 1900
        parts.tm_mon = number(4..<6) - 1
        parts.tm_mday = number(6..<8)
        parts.tm_hour = number(8..<10)
        parts.tm_min = number(10..<12)
        parts.tm_sec = number(12..<14)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
