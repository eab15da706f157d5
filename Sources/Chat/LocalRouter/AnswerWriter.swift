/// Writes a short factual answer from the stored analysis, one paragraph per analysis, with numbers rounded
/// and given with units, and the same descriptors as the fragment API (API.md: "driving", "swung", "steady" …).
///
/// Reads the keys listed in API.md "Analysis result keys"; a missing key leaves its sentence out.
struct AnswerWriter: Sendable {
    /// What each selected analysis returned: its JSON, or a failure message.
    enum Outcome: Sendable, Equatable {
        case analysis(JSONValue)
        case failed(String)
    }

    /// The answer for the given outcomes, in the order spectral, temporal, rhythm, loudness, tonal.
    func answer(_ outcomes: [AnalysisKind: Outcome]) -> String {
        var paragraphs: [String] = []
        for kind in outcomes.keys.sorted() {
            guard let outcome = outcomes[kind] else { continue }
            switch outcome {
            case .failed(let message):
                paragraphs.append("The \(kind.rawValue) analysis is not available: \(message)")
            case .analysis(let data):
                let text = paragraph(kind, data)
                paragraphs.append(text.isEmpty ? "The \(kind.rawValue) analysis returned no usable values." : text)
            }
        }
        return paragraphs.isEmpty ? "I have no analysis to answer from yet." : paragraphs.joined(separator: " ")
    }

    private func paragraph(_ kind: AnalysisKind, _ data: JSONValue) -> String {
        let sentences: [String?]
        switch kind {
        case .rhythm:
            // Steadiness and swing of a track with no beat describe nothing.
            sentences = hasBeat(data) ? [tempo(data), feel(data), upbeat(data)] : [tempo(data)]
        case .spectral: sentences = [dominantFrequencies(data), brightness(data), flatness(data)]
        case .temporal: sentences = [duration(data), loudness(data), presence(data)]
        case .loudness: sentences = [integratedLoudness(data), truePeak(data)]
        case .tonal: sentences = [key(data), tuning(data)]
        }
        return sentences.compactMap { $0 }.joined(separator: " ")
    }

    // MARK: Rhythm

    /// Two beats make the least that has a tempo.
    private func hasBeat(_ data: JSONValue) -> Bool {
        (data["tempo_bpm"]?.doubleValue ?? 0) > 0 && (data["beat_count"]?.doubleValue ?? 0) >= 2
    }

    private func tempo(_ data: JSONValue) -> String? {
        guard let bpm = data["tempo_bpm"]?.doubleValue else { return nil }
        let beats = data["beat_count"]?.doubleValue ?? 0
        guard hasBeat(data) else { return "No steady beat was detected, so there is no tempo to report." }
        let character = bpm > 140 ? "driving" : bpm < 90 ? "laid-back" : "moderate"
        var sentence = "The tempo is about \(Int(bpm.rounded())) BPM, a \(character) pace"
        if let meter = data["time_signature"]?.stringValue, !meter.isEmpty { sentence += ", in \(meter) time" }
        return sentence + ", with \(Int(beats)) beats detected."
    }

    private func feel(_ data: JSONValue) -> String? {
        var parts: [String] = []
        if let steadiness = data["steadiness"]?.doubleValue {
            let word = steadiness > 0.8 ? "steady" : steadiness < 0.4 ? "loose" : "fairly steady"
            parts.append("the beat is \(word) (steadiness \(Quantity.decimal(steadiness, places: 2)))")
        }
        if let swing = data["swing"]?.doubleValue {
            let word = swing > 0.4 ? "swung" : swing < 0.1 ? "straight" : "lightly swung"
            parts.append("the feel is \(word) (swing \(Quantity.decimal(swing, places: 2)))")
        }
        guard !parts.isEmpty else { return nil }
        let joined = parts.joined(separator: " and ")
        return joined.prefix(1).uppercased() + joined.dropFirst() + "."
    }

    private func upbeat(_ data: JSONValue) -> String? {
        data["upbeat"]?.boolValue == true ? "It starts with an upbeat (a pickup before the first downbeat)." : nil
    }

    // MARK: Spectral

    private func dominantFrequencies(_ data: JSONValue) -> String? {
        let entries = data["dominant_frequencies"]?.arrayValue ?? []
        let peaks = distinctPeaks(entries)
        guard let first = peaks.first else {
            return entries.isEmpty ? nil : "There is no frequency content to report: the signal is silent."
        }
        let others = peaks.dropFirst().prefix(2).map(Quantity.frequency)
        var sentence = "The strongest frequency is about \(Quantity.frequency(first))"
        if !others.isEmpty { sentence += ", followed by \(others.joined(separator: " and "))" }
        return sentence + "."
    }

    /// Peak frequencies worth naming: not DC, not of zero magnitude (silence reports the Nyquist bin with
    /// magnitude 0), and not within 3 % of a stronger one (neighbouring bins of one partial).
    private func distinctPeaks(_ entries: [JSONValue]) -> [Double] {
        var peaks: [Double] = []
        for entry in entries {
            guard let hertz = entry["frequency_hz"]?.doubleValue, hertz >= 1,
                (entry["magnitude"]?.doubleValue ?? 1) > 0,
                !peaks.contains(where: { abs($0 - hertz) <= 0.03 * $0 })
            else { continue }
            peaks.append(hertz)
        }
        return peaks
    }

    private func brightness(_ data: JSONValue) -> String? {
        guard let centroid = data["spectral_centroid"]?["mean"]?.doubleValue, centroid > 0 else { return nil }
        let word = centroid < 1000 ? "dark" : centroid < 3000 ? "balanced" : "bright"
        return "The spectral centroid averages \(Quantity.frequency(centroid)), so the sound is \(word)."
    }

    private func flatness(_ data: JSONValue) -> String? {
        guard let flatness = data["spectral_flatness"]?["mean"]?.doubleValue,
            data["spectral_centroid"]?["mean"]?.doubleValue != 0
        else { return nil }
        let reading =
            data["spectral_flatness"]?["interpretation"]?.stringValue
            ?? (flatness > 0.3 ? "noisy" : "tonal")
        return "Its spectral flatness of \(Quantity.decimal(flatness, places: 3)) means it is \(reading)."
    }

    // MARK: Temporal

    private func duration(_ data: JSONValue) -> String? {
        guard let seconds = data["duration_seconds"]?.doubleValue else { return nil }
        return "The recording lasts \(Quantity.duration(seconds))."
    }

    private func loudness(_ data: JSONValue) -> String? {
        guard let rms = data["rms_energy"]?["mean"]?.doubleValue, rms > 0 else { return nil }
        var sentence = "Its average RMS level is \(Quantity.decimal(rms, places: 3)) (\(Quantity.decibelsFullScale(rms)))"
        if let peak = data["amplitude"]?["max"]?.doubleValue, let low = data["amplitude"]?["min"]?.doubleValue {
            sentence += ", peaking at \(Quantity.decibelsFullScale(max(abs(peak), abs(low))))"
        }
        if let range = data["dynamic_range_db"]?.doubleValue {
            sentence += ", with a dynamic range of \(Int(range.rounded())) dB"
        }
        return sentence + "."
    }

    private func presence(_ data: JSONValue) -> String? {
        let ratio = data["non_silent_ratio"]?.doubleValue
        let peakRMS = data["rms_energy"]?["max"]?.doubleValue
        if ratio == 0 || peakRMS == 0 { return "It is silent throughout: no audible sound was found." }
        guard let ratio else { return nil }
        let stretches = Int(data["non_silent_intervals"]?.doubleValue ?? 0)
        let count = stretches == 1 ? "1 non-silent stretch" : "\(stretches) non-silent stretches"
        return "Sound is present \(Quantity.percent(ratio)) of the time (\(count))."
    }

    // MARK: Loudness

    private func integratedLoudness(_ data: JSONValue) -> String? {
        guard data["integrated_lufs"] != nil else { return nil }
        guard let lufs = data["integrated_lufs"]?.doubleValue else {
            return "It is silent: there is no measurable loudness."
        }
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
        if let range = data["loudness_range_lu"]?.doubleValue {
            sentence += ", with a loudness range of \(Quantity.decimal(range, places: 1)) LU"
        }
        return sentence + "."
    }

    private func truePeak(_ data: JSONValue) -> String? {
        guard let peak = data["true_peak_dbtp"]?.doubleValue else { return nil }
        let level = "\(Quantity.signed(peak, places: 1)) dBTP"
        if peak > 0 { return "The true peak of \(level) is over full scale: it clips, and will clip after encoding too." }
        if peak > -1 { return "The true peak of \(level) leaves under 1 dB of headroom and will clip after lossy encoding." }
        return "The true peak is \(level), leaving \(Quantity.decimal(-peak, places: 1)) dB of headroom."
    }

    // MARK: Tonal

    private func key(_ data: JSONValue) -> String? {
        guard data["key_label"] != nil || data["key_candidates"] != nil else { return nil }
        guard let label = data["key_label"]?.stringValue else {
            return "There is no pitched content to find a key in."
        }
        let confidence = data["key_confidence"]?.doubleValue ?? 0
        let runnerUp = (data["key_candidates"]?.arrayValue ?? []).dropFirst().first?["key_label"]?.stringValue
        let figure = "confidence \(Quantity.decimal(confidence, places: 2))"
        if confidence < KeyWording.unclear {
            let alternative = runnerUp.map { ", but \($0) fits almost as well" } ?? ""
            return "The key is unclear: \(label) fits best (\(figure))\(alternative)."
        }
        let close = confidence < KeyWording.clear ? runnerUp.map { "; \($0) is close" } ?? "" : ""
        return "The key is \(label) (\(figure)\(close))."
    }

    private func tuning(_ data: JSONValue) -> String? {
        guard let cents = data["tuning_offset_cents"]?.doubleValue, data["key_label"]?.stringValue != nil else { return nil }
        let rounded = Int(cents.rounded())
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
