// swift-tools-version: 6.1
// Audio Analysis Server: one executable, layered library targets (see README).
import PackageDescription

/// The upcoming features Hummingbird 2 enables, so API surfaces stay explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// A system library found through pkg-config, installed from Debian when missing.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "audio-server",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "audio-server", targets: ["audio-server"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        // The fuzz targets (Fuzz/) reach every parser through this.
        .library(name: "AudioServerLibraries", targets: ["Database", "AudioAnalysis", "Chat", "App"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        systemLibrary("CSndFile", pkgConfig: "sndfile", apt: "libsndfile1-dev"),
        systemLibrary("CFFTW", pkgConfig: "fftw3f", apt: "libfftw3-dev"),
        systemLibrary("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev"),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("COpenSSL", pkgConfig: "libcrypto", apt: "libssl-dev"),
        systemLibrary("CSoxr", pkgConfig: "soxr", apt: "libsoxr-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        systemLibrary("CEBUR128", pkgConfig: "libebur128", apt: "libebur128-dev"),

        .target(
            name: "HTTPServer",
            dependencies: ["COpenSSL", "CZlib", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Database",
            dependencies: ["CSQLite", "CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(name: "AnalysisResults", swiftSettings: strictSettings),
        .target(
            name: "AudioAnalysis",
            dependencies: ["AnalysisResults", "CSndFile", "CFFTW", "CSoxr", "CZlib", "CEBUR128"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Chat",
            dependencies: ["AnalysisResults", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "App",
            dependencies: [
                "HTTPServer", "Database", "AnalysisResults", "AudioAnalysis", "Chat", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "audio-server",
            dependencies: ["App", "AudioAnalysis", "HTTPServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["hot-functions.order"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "bench-analysis",
            dependencies: ["AnalysisResults", "AudioAnalysis"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "bench-database",
            dependencies: ["Database", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "bench-events",
            dependencies: ["App", "Database", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // Helpers shared by test targets (a private Postgres server for recovery tests).
        .target(
            name: "TestSupport", dependencies: ["Chat", "Database", .product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport",
            swiftSettings: strictSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "DatabaseTests",
            dependencies: ["Database", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AudioAnalysisTests", dependencies: ["AnalysisResults", "AudioAnalysis", "CEBUR128", "CZlib", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "ChatTests", dependencies: ["AnalysisResults", "Chat", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "HTTPServer", "Database", "Chat", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
    ]
)
