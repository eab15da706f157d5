import ArgumentParser

/// Temporary entry point on this branch so `analyze` can be exercised; the lead owns the real one.
struct AudioServer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audio-server", subcommands: [AnalyzeCommand.self])
}

AudioServer.main()
