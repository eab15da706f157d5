import Foundation
import Testing

@testable import App

@Suite struct LocalMediaStoreTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
    var store: LocalMediaStore { LocalMediaStore(root: root, io: BlockingExecutor(label: "test-io", width: 2)) }

    private func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
    }

    @Test func commitWritesTheWholeFileAndItsDigest() async throws {
        let upload = try await store.beginUpload(fileExtension: ".WAV")
        try await upload.write(Array("hello ".utf8))
        try await upload.write(Array("world".utf8))
        #expect(files().allSatisfy { $0.hasSuffix(".wav.part") })
        let stored = try await upload.commit()
        #expect(stored.size == 11)
        // sha256("hello world")
        #expect(stored.sha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        #expect(files() == [stored.filename])
        #expect(stored.filename.hasSuffix(".wav"))
        #expect(try String(contentsOf: root.appendingPathComponent(stored.filename), encoding: .utf8) == "hello world")
        await upload.abort()  // after commit: nothing happens
        #expect(files() == [stored.filename])
    }

    @Test func abortLeavesNothing() async throws {
        let upload = try await store.beginUpload(fileExtension: ".flac")
        try await upload.write([1, 2, 3])
        await upload.abort()
        #expect(files().isEmpty)
        await #expect(throws: MediaStoreError.self) { try await upload.write([4]) }
        await #expect(throws: MediaStoreError.self) { _ = try await upload.commit() }
    }

    @Test func orphansAndPartFilesAreRemoved() async throws {
        let kept = try await store.beginUpload(fileExtension: ".wav")
        try await kept.write([1])
        let keptName = try await kept.commit().filename
        let orphan = try await store.beginUpload(fileExtension: ".mp3")
        let orphanName = try await orphan.commit().filename
        let stale = try await store.beginUpload(fileExtension: ".ogg")
        try await stale.write([9])
        try Data("x".utf8).write(to: root.appendingPathComponent(String(keptName.prefix(36)) + ".spectrogram.png"))
        try Data("not ours".utf8).write(to: root.appendingPathComponent("README.txt"))
        #expect(await store.removeOrphans(keeping: [keptName]) == 2)
        #expect(files() == [String(keptName.prefix(36)) + ".spectrogram.png", "README.txt", keptName].sorted())
        #expect(!files().contains(orphanName))
        await store.delete(keptName)
        #expect(files() == ["README.txt"])
    }

    @Test func onlyStoredNamesResolve() {
        #expect(store.fileURL(for: "../etc/passwd") == nil)
        #expect(store.fileURL(for: "0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav/../../x") == nil)
        #expect(store.fileURL(for: "0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav.part") == nil)
        #expect(store.fileURL(for: "0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav") != nil)
    }

    @Test func withLocalFileGivesTheFileItselfAndMissingThrows() async throws {
        let upload = try await store.beginUpload(fileExtension: ".wav")
        try await upload.write([7, 8, 9])
        let name = try await upload.commit().filename
        let bytes = try await store.withLocalFile(name) { url in try Data(contentsOf: url) }
        #expect(Array(bytes) == [7, 8, 9])
        #expect(files() == [name])
        await #expect(throws: MediaStoreError.missing) {
            try await store.withLocalFile("0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav") { _ in 0 }
        }
        await #expect(throws: MediaStoreError.missing) { try await store.withLocalFile("../x") { _ in 0 } }
    }

    @Test func deliveryIsTheLocalFile() async {
        let name = "0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav"
        #expect(await store.delivery(of: name, until: Date()) == .file(root.appendingPathComponent(name)))
        #expect(await store.delivery(of: "../etc/passwd", until: Date()) == nil)
    }
}
