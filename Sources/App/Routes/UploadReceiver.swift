import Foundation
import HTTPServer

/// Streams a multipart body's file part to the media store and keeps the other
/// fields (bounded) in memory. Nothing of the file is held whole in memory; on
/// any failure the partial file is removed.
struct UploadReceiver {
    /// What a finished body held.
    struct Received {
        let media: StoredMedia
        let originalFilename: String
        let displayName: String
        let fileExtension: String
        let fields: [String: String]
    }

    let media: any MediaStore
    /// The form field carrying the file (`file` for tracks, `audio` for fragments).
    let fileField: String
    /// Lower-cased extensions with their dot; nil accepts any name (the
    /// caller validates the content some other way).
    let allowedExtensions: [String]?
    /// Stores every file under this extension instead of the client's.
    var storedExtension: String? = nil
    /// What a body without the file part is told.
    var missingFile = "No file provided"
    /// The refusal of a malformed body, given what is wrong with it.
    var malformed: @Sendable (String) -> AppError = AppError.badRequest
    /// Most bytes kept per non-file field.
    var maxFieldBytes = 4096

    /// Reads the whole body; the caller owns the returned file.
    func receive(_ request: Request) async throws -> Received {
        let boundary: MultipartBoundary
        do {
            boundary = try MultipartBoundary(contentType: request.headers["content-type"] ?? "")
        } catch {
            // Not a form at all (JSON, no body): nothing that could be the file arrived.
            throw malformed(request.headers["content-type"]?.lowercased().hasPrefix("multipart/") == true ? error.message : missingFile)
        }
        var state = State()
        do {
            var parser = MultipartParser(boundary: boundary)
            for try await chunk in request.body {
                let events: [MultipartEvent]
                do { events = try parser.parse(chunk[...]) } catch { throw malformed(error.message) }
                for event in events { try await handle(event, &state) }
            }
            do { try parser.finish() } catch { throw malformed(error.message) }
            guard let upload = state.upload, let name = state.filename, let ext = state.fileExtension else {
                throw malformed(missingFile)
            }
            let stored = try await upload.commit()
            return Received(
                media: stored, originalFilename: name, displayName: MultipartFilename.displayName(name),
                fileExtension: ext, fields: state.fields)
        } catch {
            await state.upload?.abort()
            throw error
        }
    }

    private struct State {
        var upload: (any MediaUpload)?
        var filename: String?
        var fileExtension: String?
        var current: Target = .ignore
        var fields: [String: String] = [:]
        var fieldBytes: [UInt8] = []
        var fieldName = ""
    }

    private enum Target { case file, field, ignore }

    private func handle(_ event: MultipartEvent, _ state: inout State) async throws {
        switch event {
        case .partHead(let head):
            // A part named like the file field but without a filename is no file: refused at once,
            // rather than read as a text field (and then "too long").
            if head.name == fileField, state.upload == nil, head.filename?.isEmpty ?? true {
                throw malformed(missingFile)
            }
            if head.name == fileField, let filename = head.filename, state.upload == nil {
                var ext = Self.fileExtension(of: MultipartFilename.displayName(filename))
                if let allowedExtensions, !allowedExtensions.contains(ext) {
                    throw malformed("Invalid file type. Allowed: \(allowedExtensions.joined(separator: ", "))")
                }
                if let storedExtension { ext = storedExtension }
                state.upload = try await media.beginUpload(fileExtension: ext)
                state.filename = filename
                state.fileExtension = ext
                state.current = .file
            } else if head.filename == nil, state.fields.count < 32 {
                state.current = .field
                state.fieldName = head.name
                state.fieldBytes = []
            } else {
                state.current = .ignore
            }
        case .body(let bytes):
            switch state.current {
            case .file: try await state.upload?.write(Array(bytes))
            case .field:
                guard state.fieldBytes.count + bytes.count <= maxFieldBytes else {
                    throw malformed("Field \(state.fieldName) is too long")
                }
                state.fieldBytes += bytes
            case .ignore: break
            }
        case .partEnd:
            if state.current == .field {
                state.fields[state.fieldName] = String(decoding: state.fieldBytes, as: UTF8.self)
            }
            state.current = .ignore
        case .end:
            break
        }
    }

    /// `.wav` for `Song.WAV`; "" without an extension.
    static func fileExtension(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[dot...].lowercased()
    }
}
