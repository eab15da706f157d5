import AudioAnalysis
import Foundation
import Synchronization
import Testing

@Suite struct AnalysisRunnerTests {
    /// An agent that always throws, to show failures stay contained.
    struct FailingAgent: AnalysisAgent {
        let name = "broken"
        let description = "Always fails."
        func analyze(_ context: AnalysisContext) throws -> AgentData {
            throw AnalysisError.invalidParameter(name: "y", value: "broken")
        }
    }

    @Test func reportsProgressAndIsolatesFailures() throws {
        let runner = AnalysisRunner(agents: [SpectralAgent(), FailingAgent(), RhythmAgent()])
        var events: [String] = []
        let report = runner.run(AudioSignal(samples: Synthetic.clicks(bpm: 120, seconds: 3))) { events.append("\($0):\($1.rawValue)") }
        #expect(events == ["spectral:running", "spectral:complete", "broken:running", "broken:failed", "rhythm:running", "rhythm:complete"])
        #expect(report.result("broken")?.success == false && report.result("rhythm")?.success == true)
        let json = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any] ?? [:]
        #expect(Set(json.keys) == ["spectral", "broken", "rhythm"])
        #expect((json["broken"] as? [String: String]) == ["error": "Invalid parameter y=broken"])
    }

    @Test func keysAreExactlyTheReferenceKeys() throws {
        let entry = try #require(try Fixtures.accuracySet().first { $0.file == "music_pop_84bpm_4-4.flac" })
        let reference = try Fixtures.reference(entry)
        let ours = try Analysed(entry)
        for agent in ["spectral", "temporal", "rhythm"] {
            let mine = try #require(ours.json[agent] as? [String: Any])
            let theirs = try #require(reference[agent] as? [String: Any])
            #expect(Set(mine.keys) == Set(theirs.keys), "\(agent)")
        }
    }

    @Test func registryListsTheAgents() throws {
        #expect(AnalysisAgents.all.map(\.name) == ["spectral", "temporal", "rhythm", "loudness", "tonal"])
        #expect(AnalysisAgents.all.allSatisfy { $0.description.count > 100 })
        #expect(try AnalysisAgents.select(["rhythm", "spectral"]).map(\.name) == ["spectral", "rhythm"])
        #expect(throws: AnalysisError.invalidParameter(name: "agents", value: "pitch")) { try AnalysisAgents.select(["pitch"]) }
    }

    @Test func emptySignalFailsEveryAgentCleanly() {
        let report = AnalysisRunner().run(AudioSignal(samples: []))
        #expect(report.results.allSatisfy { !$0.success && $0.error != nil })
    }

    /// Analyses of different files on different threads give the same results as one at a time.
    @Test func concurrentAnalysesAgree() throws {
        let names = ["music_pop_84bpm_4-4.flac", "click_120bpm.wav", "speech_en_espeak.wav", "fmt_pop84_stereo48k_pcm16.wav"]
        let urls = try names.map { try Fixtures.url($0) }
        let serial = try urls.map { try AnalysisRunner().run(SndFileDecoder().decode(url: $0)) }
        let results = Mutex<[Int: AnalysisReport]>([:])
        DispatchQueue.concurrentPerform(iterations: urls.count * 2) { i in
            guard let decoded = try? SndFileDecoder().decode(url: urls[i % urls.count]) else { return }
            let report = AnalysisRunner().run(decoded)
            results.withLock { $0[i] = report }
        }
        let concurrent = results.withLock { $0 }
        #expect(concurrent.count == urls.count * 2)
        for (i, report) in concurrent { #expect(report == serial[i % urls.count]) }
    }
}
