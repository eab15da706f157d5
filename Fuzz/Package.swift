// swift-tools-version: 6.1
// libFuzzer targets for the protocol parsers; see README ("Fuzzing").
// Kept in its own package so the normal build never needs -sanitize=fuzzer.
import PackageDescription

let package = Package(
    name: "fuzz",
    dependencies: [.package(name: "audio-server", path: "..")],
    targets: [
        .executableTarget(
            name: "HTTPRequestParserFuzzer",
            dependencies: [.product(name: "HTTPServer", package: "audio-server")]
        )
    ]
)
