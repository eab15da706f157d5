// swift-tools-version: 6.1
// libFuzzer targets for every parser that reads outside input; see README ("Fuzzing").
// Kept in its own package so the normal build never needs -sanitize=fuzzer. One binary holds
// every target; FUZZ_TARGET picks which one a run exercises.
import PackageDescription

let package = Package(
    name: "fuzz",
    dependencies: [.package(name: "audio-server", path: "..")],
    targets: [
        .executableTarget(
            name: "Fuzzer",
            dependencies: [
                .product(name: "HTTPServer", package: "audio-server"),
                .product(name: "AudioServerLibraries", package: "audio-server"),
            ]
        )
    ]
)
