import Chat

extension APIDocumentation {
    private static let trackID = RouteDocumentation.Parameter.path(
        "id", "The track id (a UUID); anything else is an unknown track", schema: ["type": "string", "format": "uuid"])
    private static let trackNotFound = RouteDocumentation.Reply.error("Track not found")

    /// `/api/tracks/…` (API.md "Tracks").
    static let tracks: [String: RouteDocumentation] = [
        "POST /api/tracks/": RouteDocumentation(
            operationID: "uploadTrack", summary: "Uploads an audio file; analysis is queued", tag: "tracks",
            body: .init(
                mediaType: "multipart/form-data",
                schema: OpenAPIComponents.object(
                    [
                        "file": [
                            "type": "string", "format": "binary", "contentMediaType": "application/octet-stream",
                            "description": "The audio; its file name's extension must be an allowed one",
                        ]
                    ],
                    required: ["file"])),
            responses: [
                201: .json("Stored; analysis pending", "TrackCreated"),
                400: .error("No file, a disallowed extension or a malformed form"),
                401: .unauthorized,
                413: .json("Larger than MAX_UPLOAD_MB", "FileTooLarge"),
                422: .json("An allowed extension whose content cannot be decoded", "UnsupportedFormat"),
                429: .demoLimit,
                507: .error("Insufficient storage"),
            ]),
        "GET /api/tracks/": list("listTracks"),
        "GET /api/tracks/list/": list("listTracksAlias"),
        "GET /api/tracks/:id/": RouteDocumentation(
            operationID: "getTrack", summary: "A track with its status and analysis", tag: "tracks",
            parameters: [trackID],
            responses: [200: .json("The track", "Track"), 400: .malformed, 401: .unauthorized, 404: trackNotFound]),
        "DELETE /api/tracks/:id/": RouteDocumentation(
            operationID: "deleteTrack", summary: "Deletes a track, its files and queued work", tag: "tracks",
            parameters: [trackID],
            responses: [
                204: .init(description: "Deleted"), 400: .malformed, 401: .unauthorized, 404: trackNotFound, 429: .demoLimit,
            ]),
        "GET /api/tracks/:id/waveform/": RouteDocumentation(
            operationID: "getWaveform", summary: "Min/max peaks of the mono signal per bucket", tag: "tracks",
            parameters: [
                trackID,
                .query("points", "Buckets, 100…10000; default 1000", schema: ["type": "integer", "minimum": 100, "maximum": 10000]),
            ],
            responses: [
                200: .json("The peaks", "Waveform"), 400: .error("points is not an integer in 100…10000"),
                401: .unauthorized, 404: .error("Track not found, or its waveform is not computed yet"),
            ]),
    ]

    private static func list(_ operationID: String) -> RouteDocumentation {
        RouteDocumentation(
            operationID: operationID, summary: "The caller's tracks, newest first", tag: "tracks",
            parameters: [
                .query("limit", "Most tracks; default 50, values above 100 count as 100", schema: OpenAPIComponents.integer),
                .query("offset", "Tracks to skip; default 0", schema: OpenAPIComponents.integer),
            ],
            responses: [
                200: .json("Track summaries", schema: ["type": "array", "items": .ref("TrackSummary")]),
                400: .error("limit or offset is not an integer"),
                401: .unauthorized,
            ])
    }

    /// Signed or owner-only files: the spectrogram and the media.
    static let files: [String: RouteDocumentation] = [
        "GET /api/tracks/:id/spectrogram.png": RouteDocumentation(
            operationID: "getSpectrogram", summary: "The track's spectrogram PNG (credentials or its signed URL)",
            tag: "tracks", access: .credentialsOrSignedURL,
            parameters: [trackID] + signature,
            responses: fileReplies(type: "image/png").merging([401: .unauthorized]) { $1 }),
        "GET /media/:file": RouteDocumentation(
            operationID: "getMedia", summary: "An uploaded audio file by its signed URL", tag: "tracks", access: .open,
            parameters: [.path("file", "The stored file name")] + signature,
            responses: fileReplies(type: "audio/*").merging([403: .error("Missing, invalid or expired signature")]) { $1 }),
    ]

    private static let signature: [RouteDocumentation.Parameter] = [
        .query("expires", "Expiry of the signed URL, Unix seconds"),
        .query("sig", "HMAC signature of the URL"),
        .header("Range", "A single byte range"),
        .header("If-None-Match", "An ETag from an earlier response"),
    ]

    private static func fileReplies(type: String) -> [Int: RouteDocumentation.Reply] {
        let binary: JSONValue = ["type": "string", "format": "binary"]
        return [
            200: .init(description: "The file", content: [type: binary], headers: ["ETag": ["schema": OpenAPIComponents.string]]),
            206: .init(description: "The requested range", content: [type: binary]),
            // Media in a bucket: the bucket serves the bytes (and ranges) at a presigned URL that ends with the signed one.
            302: .init(
                description: "Media in a bucket: a presigned URL in Location serves the file until the signed URL expires",
                headers: ["Location": ["schema": OpenAPIComponents.string]]),
            304: .init(description: "Not modified since the given ETag"),
            400: .malformed,
            404: .error("Not found"),
            416: .init(description: "The range lies outside the file"),
        ]
    }

    /// `/api/analyse/…` (API.md "Sketchbook fragments").
    static let fragments: [String: RouteDocumentation] = [
        "POST /api/analyse/": RouteDocumentation(
            operationID: "analyseFragment", summary: "Idempotent analysis of a short recording", tag: "fragments",
            body: .init(
                mediaType: "multipart/form-data",
                schema: OpenAPIComponents.object(
                    [
                        "audio": ["type": "string", "format": "binary", "contentMediaType": "application/octet-stream"],
                        "mime_type": [
                            "type": "string",
                            "enum": [
                                "audio/wav", "audio/wave", "audio/x-wav", "audio/mpeg", "audio/mp3", "audio/flac", "audio/ogg", "audio/opus",
                            ],
                        ],
                        "fragment_id": ["type": "string", "format": "uuid"],
                        "duration_seconds": ["type": "number", "minimum": 0],
                    ], required: ["audio", "mime_type", "fragment_id"])),
            responses: [
                200: .json("Already analysed (or failed too often)", schema: ["anyOf": [.ref("FragmentComplete"), .ref("FragmentFailed")]]),
                202: .json("Queued", "FragmentPending"),
                400: .json("A missing or invalid field", "ValidationError"),
                401: .unauthorized,
                404: .json("The fragment id belongs to someone else", schema: ["anyOf": [.ref("Error"), .ref("Detail")]]),
                413: .json("Larger than MAX_UPLOAD_MB", schema: ["anyOf": [.ref("FileTooLarge"), .ref("Error")]]),
                422: .json("A mime type this server cannot decode", "UnsupportedFormat"),
                429: .demoLimit,
            ]),
        "GET /api/analyse/:id/": RouteDocumentation(
            operationID: "getFragment", summary: "A fragment's analysis state or result", tag: "fragments",
            parameters: [.path("id", "The fragment id (a UUID)", schema: ["type": "string", "format": "uuid"])],
            responses: [
                200: .json(
                    "Pending, complete or failed",
                    schema: [
                        "anyOf": [
                            .ref("FragmentPending"), .ref("FragmentComplete"), .ref("FragmentFailed"),
                        ]
                    ]),
                400: .malformed, 401: .unauthorized, 404: .json("Not found.", schema: ["anyOf": [.ref("Detail"), .ref("Error")]]),
            ]),
    ]
}
