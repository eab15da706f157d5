import App
import ArgumentParser
import AudioAnalysis
import Foundation

/// `audio-server analyze FILE [--agents spectral,rhythm,…] [--pretty]`:
/// decodes one file and prints the analysis JSON to standard output.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an audio file and print the results as JSON."
    )

    @Argument(help: "The audio file to analyse.")
    var file: String

    @Option(help: "Comma-separated agents to run (\(AnalysisAgents.all.map(\.name).joined(separator: ", "))).")
    var agents: String = AnalysisAgents.all.map(\.name).joined(separator: ",")

    @Flag(help: "Indent the JSON.")
    var pretty = false

    @Option(help: "Longest accepted audio in seconds (default: MAX_AUDIO_SECONDS or 1800).")
    var maxSeconds: Double?

    @Option(help: "ffmpeg executable for formats libsndfile cannot read (default: FFMPEG_PATH).")
    var ffmpegPath: String?

    func run() throws {
        // The same section, defaults and validation as `serve`; no secret or database is needed here.
        let settings: AppConfig.AnalysisSettings
        do {
            settings = try AppConfig.AnalysisSettings(environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("audio-server: configuration error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let options = DecoderOptions(
            maxSeconds: maxSeconds ?? settings.maxAudioSeconds, ffmpegPath: ffmpegPath ?? settings.ffmpegPath)
        do {
            let names = agents.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let runner = AnalysisRunner(agents: try AnalysisAgents.select(names))
            let decoded = try SndFileDecoder(options: options).decode(url: URL(fileURLWithPath: file))
            var output = try runner.run(decoded).jsonData(pretty: pretty)
            output.append(0x0A)
            FileHandle.standardOutput.write(output)
        } catch let error as AnalysisError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
