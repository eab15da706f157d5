internal import AnalysisResults

/// Writes a short factual answer from the stored analysis, one paragraph per analysis, with numbers rounded
/// and given with units, and the same descriptors as the fragment API (API.md: "driving", "swung", "steady" …).
///
/// Reads each tool result as the agent's typed result (`RhythmAnalysis`, `SpectralAnalysis`, …); a result
/// that is not of that shape is reported as unusable rather than guessed at.
struct AnswerWriter: Sendable {
    /// What each selected analysis returned: its JSON, or a failure message.
    enum Outcome: Sendable, Equatable {
        case analysis(JSONValue)
        case failed(String)
    }

    private let decoder = JSONValueDecoder()

    /// The answer for the given outcomes, in the order spectral, temporal, rhythm, loudness, tonal.
    func answer(_ outcomes: [AnalysisKind: Outcome]) -> String {
        var paragraphs: [String] = []
        for kind in outcomes.keys.sorted() {
            guard let outcome = outcomes[kind] else { continue }
            switch outcome {
            case .failed(let message):
                paragraphs.append("The \(kind.rawValue) analysis is not available: \(message)")
            case .analysis(let data):
                let text = (try? paragraph(kind, data)) ?? ""
                paragraphs.append(text.isEmpty ? "The \(kind.rawValue) analysis returned no usable values." : text)
            }
        }
        return paragraphs.isEmpty ? "I have no analysis to answer from yet." : paragraphs.joined(separator: " ")
    }

    /// - Throws: `DecodingError` when `data` is not the kind's result.
    private func paragraph(_ kind: AnalysisKind, _ data: JSONValue) throws -> String {
        let sentences: [String?]
        switch kind {
        case .rhythm:
            let rhythm = try decoder.decode(RhythmAnalysis.self, from: data)
            // Steadiness and swing of a track with no beat describe nothing.
            sentences = hasBeat(rhythm) ? [tempo(rhythm), feel(rhythm), upbeat(rhythm)] : [tempo(rhythm)]
        case .spectral:
            let spectral = try decoder.decode(SpectralAnalysis.self, from: data)
            sentences = [dominantFrequencies(spectral), brightness(spectral), flatness(spectral)]
        case .temporal:
            let temporal = try decoder.decode(TemporalAnalysis.self, from: data)
            sentences = [duration(temporal), loudness(temporal), presence(temporal)]
        case .loudness:
            let loudness = try decoder.decode(LoudnessAnalysis.self, from: data)
            sentences = [integratedLoudness(loudness), truePeak(loudness)]
        case .tonal:
            let tonal = try decoder.decode(TonalAnalysis.self, from: data)
            sentences = [key(tonal), tuning(tonal)]
        }
        return sentences.compactMap { $0 }.joined(separator: " ")
    }

    // MARK: Rhythm

    /// Two beats make the least that has a tempo.
    private func hasBeat(_ rhythm: RhythmAnalysis) -> Bool {
        rhythm.tempoBpm > 0 && rhythm.beatCount >= 2
    }

    private func tempo(_ rhythm: RhythmAnalysis) -> String {
        guard hasBeat(rhythm) else { return "No steady beat was detected, so there is no tempo to report." }
        let bpm = rhythm.tempoBpm
        let character = bpm > 140 ? "driving" : bpm < 90 ? "laid-back" : "moderate"
        var sentence = "The tempo is about \(Int(bpm.rounded())) BPM, a \(character) pace"
        if !rhythm.timeSignature.isEmpty { sentence += ", in \(rhythm.timeSignature) time" }
        return sentence + ", with \(rhythm.beatCount) beats detected."
    }

    private func feel(_ rhythm: RhythmAnalysis) -> String {
        let steadiness = rhythm.steadiness
        let steady = steadiness > 0.8 ? "steady" : steadiness < 0.4 ? "loose" : "fairly steady"
        let swing = rhythm.swing
        let swung = swing > 0.4 ? "swung" : swing < 0.1 ? "straight" : "lightly swung"
        return "The beat is \(steady) (steadiness \(Quantity.decimal(steadiness, places: 2))) and the feel is \(swung) "
            + "(swing \(Quantity.decimal(swing, places: 2)))."
    }

    private func upbeat(_ rhythm: RhythmAnalysis) -> String? {
        rhythm.upbeat ? "It starts with an upbeat (a pickup before the first downbeat)." : nil
    }

    // MARK: Spectral

    private func dominantFrequencies(_ spectral: SpectralAnalysis) -> String? {
        let peaks = distinctPeaks(spectral.dominantFrequencies)
        guard let first = peaks.first else {
            return spectral.dominantFrequencies.isEmpty ? nil : "There is no frequency content to report: the signal is silent."
        }
        let others = peaks.dropFirst().prefix(2).map(Quantity.frequency)
        var sentence = "The strongest frequency is about \(Quantity.frequency(first))"
        if !others.isEmpty { sentence += ", followed by \(others.joined(separator: " and "))" }
        return sentence + "."
    }

    /// Peak frequencies worth naming: not DC, not of zero magnitude (silence reports the Nyquist bin with
    /// magnitude 0), and not within 3 % of a stronger one (neighbouring bins of one partial).
    private func distinctPeaks(_ entries: [SpectralAnalysis.DominantFrequency]) -> [Double] {
        var peaks: [Double] = []
        for entry in entries {
            let hertz = entry.frequencyHz
            guard hertz >= 1, entry.magnitude > 0, !peaks.contains(where: { abs($0 - hertz) <= 0.03 * $0 }) else { continue }
            peaks.append(hertz)
        }
        return peaks
    }

    private func brightness(_ spectral: SpectralAnalysis) -> String? {
        let centroid = spectral.spectralCentroid.mean
        guard centroid > 0 else { return nil }
        let word = centroid < 1000 ? "dark" : centroid < 3000 ? "balanced" : "bright"
        return "The spectral centroid averages \(Quantity.frequency(centroid)), so the sound is \(word)."
    }

    private func flatness(_ spectral: SpectralAnalysis) -> String? {
        guard spectral.spectralCentroid.mean != 0 else { return nil }
        let flatness = spectral.spectralFlatness.mean
        let stated = spectral.spectralFlatness.interpretation
        let reading = stated.isEmpty ? (flatness > 0.3 ? "noisy" : "tonal") : stated
        return "Its spectral flatness of \(Quantity.decimal(flatness, places: 3)) means it is \(reading)."
    }

    // MARK: Temporal

    private func duration(_ temporal: TemporalAnalysis) -> String {
        "The recording lasts \(Quantity.duration(temporal.durationSeconds))."
    }

    private func loudness(_ temporal: TemporalAnalysis) -> String? {
        let rms = temporal.rmsEnergy.mean
        guard rms > 0 else { return nil }
        let peak = max(abs(temporal.amplitude.max), abs(temporal.amplitude.min))
        return "Its average RMS level is \(Quantity.decimal(rms, places: 3)) (\(Quantity.decibelsFullScale(rms))), peaking at "
            + "\(Quantity.decibelsFullScale(peak)), with a dynamic range of \(Int(temporal.dynamicRangeDb.rounded())) dB."
    }

    private func presence(_ temporal: TemporalAnalysis) -> String {
        if temporal.nonSilentRatio == 0 || temporal.rmsEnergy.max == 0 {
            return "It is silent throughout: no audible sound was found."
        }
        let stretches = temporal.nonSilentIntervals
        let count = stretches == 1 ? "1 non-silent stretch" : "\(stretches) non-silent stretches"
        return "Sound is present \(Quantity.percent(temporal.nonSilentRatio)) of the time (\(count))."
    }

    // MARK: Loudness

    private func integratedLoudness(_ loudness: LoudnessAnalysis) -> String {
        guard let lufs = loudness.integratedLUFS else { return "It is silent: there is no measurable loudness." }
        var sentence = "It measures \(Quantity.signed(lufs, places: 1)) LUFS integrated, "
        let streaming = -14.0
        let broadcast = -23.0
        if lufs > streaming + 0.5 {
            sentence +=
                "louder than the −14 LUFS streaming target (services will turn it down by about "
                + "\(Quantity.decimal(lufs - streaming, places: 1)) dB)"
        } else if lufs >= streaming - 0.5 {
            sentence += "right at the −14 LUFS streaming target"
        } else if lufs > broadcast + 0.5 {
            sentence += "between the −23 LUFS broadcast and −14 LUFS streaming targets"
        } else if lufs >= broadcast - 0.5 {
            sentence += "right at the −23 LUFS broadcast target"
        } else {
            sentence += "quieter than the −23 LUFS broadcast target"
        }
        if let range = loudness.loudnessRangeLU {
            sentence += ", with a loudness range of \(Quantity.decimal(range, places: 1)) LU"
        }
        return sentence + "."
    }

    private func truePeak(_ loudness: LoudnessAnalysis) -> String? {
        guard let peak = loudness.truePeakDBTP else { return nil }
        let level = "\(Quantity.signed(peak, places: 1)) dBTP"
        if peak > 0 { return "The true peak of \(level) is over full scale: it clips, and will clip after encoding too." }
        if peak > -1 { return "The true peak of \(level) leaves under 1 dB of headroom and will clip after lossy encoding." }
        return "The true peak is \(level), leaving \(Quantity.decimal(-peak, places: 1)) dB of headroom."
    }

    // MARK: Tonal

    private func key(_ tonal: TonalAnalysis) -> String {
        guard let label = tonal.keyLabel else { return "There is no pitched content to find a key in." }
        let confidence = tonal.keyConfidence
        let runnerUp = tonal.keyCandidates.dropFirst().first?.keyLabel
        let figure = "confidence \(Quantity.decimal(confidence, places: 2))"
        if confidence < KeyWording.unclear {
            let alternative = runnerUp.map { ", but \($0) fits almost as well" } ?? ""
            return "The key is unclear: \(label) fits best (\(figure))\(alternative)."
        }
        let close = confidence < KeyWording.clear ? runnerUp.map { "; \($0) is close" } ?? "" : ""
        return "The key is \(label) (\(figure)\(close))."
    }

    private func tuning(_ tonal: TonalAnalysis) -> String? {
        guard tonal.keyLabel != nil else { return nil }
        let rounded = Int(tonal.tuningOffsetCents.rounded())
        if abs(rounded) <= 5 { return "It is tuned to standard A440 pitch (within \(max(abs(rounded), 1)) cents)." }
        return "It is tuned \(abs(rounded)) cents \(rounded > 0 ? "sharp" : "flat") of A440."
    }
}

/// Where the tonal agent's key confidence changes the wording: on the estimator's design set a
/// confidence of 0.6 or more was right 98 % of the time, 0.3–0.6 90 %, below 0.3 about 65 %.
enum KeyWording {
    /// Below this the key is called unclear.
    static let unclear = 0.3
    /// Below this (and above `unclear`) the runner-up is named as close.
    static let clear = 0.6
}
