public import Foundation

/// A folder of static files, read and compressed once at start and served
/// from memory on the event loop: ETag/Last-Modified revalidation, single
/// ranges, gzip, and cache lifetimes by kind.
///
/// Only regular files found by walking the folder are servable, so no request
/// path can reach outside it: dotfiles and dot-folders are skipped, and
/// symbolic links are followed only when they resolve inside the folder.
public struct StaticFiles: Sendable {
    struct Asset: Sendable {
        let bytes: [UInt8]
        let gzipped: [UInt8]?
        let contentType: String
        let etag: String
        let lastModified: String
        let modifiedSeconds: Int
        let cacheControl: String
    }

    private let assets: [String: Asset]

    /// Loads every file under `root` of at most `maxFileBytes`.
    /// - Throws: when `root` cannot be resolved or listed.
    public init(root: URL, maxFileBytes: Int = 8 << 20) throws {
        // The walk is plain POSIX: FileManager's URL enumerator goes through
        // CoreFoundation's URL and number types, whose code and tables would
        // otherwise stay resident in an idle server for this one walk at start.
        guard let base = Self.realPath(root.path) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOENT) }
        var assets: [String: Asset] = [:]
        try Self.walk(directory: base, relative: "", basePath: base + "/") { relative, file in
            guard file.info.st_size <= maxFileBytes, let data = FileManager.default.contents(atPath: file.path) else { return }
            assets["/" + relative] = Self.makeAsset(Array(data), name: relative, modifiedSeconds: Int(file.info.st_mtim.tv_sec))
        }
        self.assets = assets
    }

    /// Number of files loaded.
    public var count: Int { assets.count }

    /// Calls `found` for each regular file under `directory`, by its path relative to
    /// the root. Dot-names are skipped; a symbolic link counts only when it resolves
    /// to a regular file inside the root, and linked directories are not entered.
    private static func walk(
        directory: String, relative: String, basePath: String,
        found: (String, (path: String, info: stat)) -> Void
    ) throws {
        guard let stream = opendir(directory) else {
            if relative.isEmpty { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EACCES) }
            return
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix(".") else { continue }
            let path = directory + "/" + name
            var link = stat()
            guard lstat(path, &link) == 0 else { continue }
            if link.st_mode & S_IFMT == S_IFDIR {
                try walk(directory: path, relative: relative + name + "/", basePath: basePath, found: found)
                continue
            }
            guard let resolved = realPath(path), resolved.hasPrefix(basePath) else { continue }  // a link escaping the root
            var info = stat()
            guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            found(relative + name, (resolved, info))
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func makeAsset(_ bytes: [UInt8], name: String, modifiedSeconds seconds: Int) -> Asset {
        let type = MediaType.forFileName(name)
        let gzipped = MediaType.isCompressible(type) && bytes.count > 256 ? Gzip.compress(bytes) : nil
        var tm = tm()
        var t = time_t(seconds)
        gmtime_r(&t, &tm)
        let cacheControl: String
        if type.hasPrefix("text/html") {
            cacheControl = "no-cache"
        } else if isFingerprinted(name) {
            cacheControl = "public, max-age=31536000, immutable"
        } else {
            // Without a content hash in the name, a long lifetime could mix module
            // versions after a deploy: revalidate with the ETag instead (a 304 is tiny).
            cacheControl = "no-cache"
        }
        return Asset(
            bytes: bytes, gzipped: gzipped.flatMap { $0.count < bytes.count ? $0 : nil }, contentType: type,
            etag: "\"\(fnv1a(bytes))-\(bytes.count)\"", lastModified: HTTPDateCache.format(tm),
            modifiedSeconds: seconds, cacheControl: cacheControl)
    }

    /// `app.3f2a9c1b.js`: a hex content hash of 8+ digits between dots.
    private static func isFingerprinted(_ name: String) -> Bool {
        let parts = name.split(separator: "/").last?.split(separator: ".") ?? []
        return parts.count >= 3 && parts[parts.count - 2].count >= 8 && parts[parts.count - 2].allSatisfy(\.isHexDigit)
    }

    private static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The response for a GET/HEAD of `request.path`, or nil when no such file exists.
    public func response(for request: Request) -> Response? {
        var path = request.path
        if path.hasSuffix("/") { path += "index.html" }
        guard let asset = assets[path] else { return nil }
        var headers: HTTPHeaders = [
            "Content-Type": asset.contentType, "ETag": asset.etag, "Last-Modified": asset.lastModified,
            "Cache-Control": asset.cacheControl, "Accept-Ranges": "bytes",
        ]
        if asset.gzipped != nil { headers.add("Vary", "Accept-Encoding") }
        if notModified(request.headers, asset) { return Response(status: .notModified, headers: headers) }
        switch ByteRange.evaluate(request.headers["range"], length: asset.bytes.count) {
        case .partial(let range):
            headers.add("Content-Range", "bytes \(range.start)-\(range.end)/\(asset.bytes.count)")
            return Response(status: .partialContent, headers: headers, body: .bytes(Array(asset.bytes[range.start...range.end])))
        case .unsatisfiable:
            headers.add("Content-Range", "bytes */\(asset.bytes.count)")
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            if let gzipped = asset.gzipped, acceptsGzip(request.headers) {
                headers.add("Content-Encoding", "gzip")
                return Response(status: .ok, headers: headers, body: .bytes(gzipped))
            }
            return Response(status: .ok, headers: headers, body: .bytes(asset.bytes))
        }
    }

    /// RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; weak comparison.
    private func notModified(_ headers: HTTPHeaders, _ asset: Asset) -> Bool {
        if let match = headers["if-none-match"] {
            return match.split(separator: ",").contains { tag in
                let tag = tag.trimmingOWS()
                return tag == "*" || tag == asset.etag || tag == "W/" + asset.etag
            }
        }
        if let since = headers["if-modified-since"], let date = HTTPDateParser.parse(since) {
            return asset.modifiedSeconds <= date
        }
        return false
    }

    private func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        guard let accept = headers["accept-encoding"] else { return false }
        return accept.split(separator: ",").contains { item in
            let parts = item.split(separator: ";")
            guard let coding = parts.first?.trimmingOWS(), coding.equalsIgnoringASCIICase("gzip") else { return false }
            return !parts.dropFirst().contains { $0.trimmingOWS().replacing(" ", with: "") == "q=0" }
        }
    }
}

/// Parses IMF-fixdate (the only form we emit) to seconds since 1970.
enum HTTPDateParser {
    static func parse(_ text: String) -> Int? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int32(parts[1]),
            let month = months.firstIndex(of: String(parts[2])), let year = Int32(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var tm = tm()
        tm.tm_year = year - 1900
        tm.tm_mon = Int32(month)
        tm.tm_mday = day
        tm.tm_hour = clock[0]
        tm.tm_min = clock[1]
        tm.tm_sec = clock[2]
        return Int(timegm(&tm))
    }
}
