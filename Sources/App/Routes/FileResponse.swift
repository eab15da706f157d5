import Foundation
import HTTPServer

/// A file on disk as a response: single ranges (206/416), validators, and the
/// body streamed in chunks read off the loops and the concurrency pool.
enum FileResponse {
    static let chunkSize = 256 * 1024

    /// The response for `url`, or nil when the file does not exist.
    static func make(url: URL, contentType: String, request: Request, io: BlockingExecutor, cacheControl: String) async throws -> Response? {
        let path = url.path
        let info: (size: Int, modified: Int)? = await io.run {
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
            return (Int(st.st_size), Int(st.st_mtim.tv_sec))
        }
        guard let info else { return nil }
        var headers: HTTPHeaders = [
            "Content-Type": contentType, "Accept-Ranges": "bytes", "Cache-Control": cacheControl,
            "ETag": "\"\(String(info.modified, radix: 16))-\(String(info.size, radix: 16))\"",
        ]
        if request.headers["if-none-match"] == headers["ETag"] { return Response(status: .notModified, headers: headers) }
        let range: ByteRange
        var status = HTTPStatus.ok
        switch ByteRange.evaluate(request.headers["range"], length: info.size) {
        case .whole:
            range = ByteRange(start: 0, end: info.size - 1)
        case .partial(let part):
            range = part
            status = .partialContent
            headers.add("Content-Range", "bytes \(part.start)-\(part.end)/\(info.size)")
        case .unsatisfiable:
            headers.add("Content-Range", "bytes */\(info.size)")
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        let length = max(0, range.count)
        return Response(
            status: status, headers: headers,
            body: .stream(length: length) { writer in
                try await stream(path: path, from: range.start, count: length, io: io, to: writer)
            })
    }

    private static func stream(path: String, from offset: Int, count: Int, io: BlockingExecutor, to writer: ResponseBodyWriter) async throws {
        let fd = try await io.run { () throws -> Int32 in
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
            return fd
        }
        defer { close(fd) }
        var position = offset
        let end = offset + count
        while position < end {
            let want = min(chunkSize, end - position)
            let at = position
            let chunk = try await io.run { () throws -> [UInt8] in
                var buffer = [UInt8](repeating: 0, count: want)
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(at)) }
                guard n > 0 else { throw CocoaError(.fileReadUnknown) }
                return n == want ? buffer : Array(buffer[0..<n])
            }
            try await writer.write(chunk)
            position += chunk.count
        }
    }
}
