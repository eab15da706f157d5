/// The words the local router reads: keywords are whole words, `stem*` prefixes or phrases of consecutive words.
///
/// Add a word as specific where people use it for one analysis only; as ambiguous, with its rivals, where the
/// other words of its clause decide ("fast" is a tempo unless the clause names a fade); as a modifier where it
/// usually qualifies another word ("high", "end"); add a neutral phrase where a keyword also has an everyday
/// sense that asks for nothing ("key features"; "masterpiece" is why "master" is not a prefix).
extension ToolSelector {
    static let vocabulary: [(Reading, [String])] = [
        (
            .specific(.rhythm),
            [
                "tempo*", "uptempo", "downtempo", "bpm", "beat*", "beats per minute", "per minute", "rhythm*", "groove*",
                "groovy", "swing*", "swung", "shuffle*", "time signature*", "meter", "metre", "waltz*", "pickup*", "pick up",
                "upbeat*", "downbeat*", "pulse", "syncopat*", "timing", "steadiness", "steady time", "keep time", "keeps time",
                "onset*", "dance*", "tap along", "clap along", "nod along",
            ]
        ),
        // Speed words describe a fade or a decay as often as a tempo.
        (
            .ambiguous(.rhythm, rivals: [.temporal]),
            [
                "fast", "faster", "fastest", "slow", "slower", "slowest", "quick", "quicker", "speed*", "pace*",
            ]
        ),
        (
            .specific(.spectral),
            [
                "frequenc*", "timbre*", "spectr*", "mfcc*", "noisy", "noise", "hz", "hertz", "khz", "harmonic*", "overtone*",
                "centroid", "rolloff", "bandwidth", "flatness", "bass", "bassy", "bassline", "sub bass", "treble", "highs",
                "mids", "lows", "midrange", "high end", "low end", "top end", "bottom end", "high pitched", "low pitched",
                "muffled", "muddy", "boomy", "tinny", "thin", "warm", "warmth", "crisp", "airy", "harsh*", "shrill",
                "piercing", "sibilan*", "hiss*", "eq",
            ]
        ),
        // Pitch, tone and note words are timbre unless the clause is about key or tuning.
        (
            .ambiguous(.spectral, rivals: [.tonal]),
            [
                "pitch*", "tone", "tones", "tonal", "note", "notes", "bright*", "dark", "darker",
            ]
        ),
        // "High" and "low" are a pitch only when nothing else in the clause says what is high or low.
        (
            .modifier(.spectral),
            [
                "high", "higher", "low", "lower", "deep", "deeper",
            ]
        ),
        (
            .specific(.temporal),
            [
                "duration", "length", "lengthy", "long", "longer", "short", "shorter", "seconds", "minute", "minutes",
                "runtime", "run time", "running time", "playing time", "dynamic*", "silence", "silences", "silent", "any sound",
                "audible", "gap", "gaps", "pause*", "dead air", "empty", "fade*", "amplitude", "envelope", "rms", "energy",
                "attack", "decay*", "sustain*", "zero crossing*", "volume level*",
            ]
        ),
        // Loudness and volume words are the level over time unless the clause asks for a loudness measure.
        (
            .ambiguous(.temporal, rivals: [.loudness]),
            [
                "volume", "loud*", "quiet*", "peak*",
            ]
        ),
        // Where in the file: about the timeline only when nothing else in the clause is named.
        (
            .modifier(.temporal),
            [
                "start*", "begin*", "end", "ends", "ending", "finish*",
            ]
        ),
        (
            .specific(.loudness),
            [
                "lufs", "lu", "lkfs", "dbtp", "dbfs", "ebu", "r128", "bs 1770", "how loud", "loudness level*", "loudness range",
                "integrated loudness", "perceived loudness", "loudness war*", "loudness target*", "loudness standard*",
                "short term loudness", "momentary loudness", "loud enough", "too loud", "louder than", "too quiet",
                "quiet enough", "too soft", "too hot", "peak level*", "sample peak*", "true peak*", "headroom", "gain",
                "master", "masters", "mastered", "mastering", "remaster*", "normali*", "squashed", "brickwall*", "limiter",
                "limiting", "overcompress*", "over compressed",
                // "clip" alone is also "an audio clip": only its verb forms and question phrasings count.
                "clipping", "clipped", "will it clip", "will this clip", "does it clip", "would it clip", "ever clip",
                "it clips", "clip after", "clip once", "clip when", "clips when",
                "streaming", "streaming level*", "streaming target*", "spotify", "youtube", "apple music", "podcast*",
                "broadcast*",
            ]
        ),
        // Level is the loudness measure unless the clause is about its course over time.
        (
            .ambiguous(.loudness, rivals: [.temporal]),
            [
                "level", "levels",
            ]
        ),
        (
            .specific(.tonal),
            [
                "key", "keys", "what key", "musical key", "key signature*", "off key", "in key", "scale*", "chord*",
                "harmony", "harmonies", "major", "minor", "mode", "tonality", "tonic", "root note", "tonal centre",
                "tonal center", "pitch centre", "pitch center", "pitch class*", "chroma*", "tuning", "tuned", "in tune",
                "out of tune", "intonation", "detuned", "a440", "a 440", "concert pitch", "cents", "modulat*", "transpos*",
            ]
        ),
        // Sharp and flat are tuning unless the clause is about an attack or a spectrum.
        (
            .ambiguous(.tonal, rivals: [.spectral, .temporal]),
            [
                "sharp", "flat",
            ]
        ),
        // Everyday senses of keywords, and the generic words: they select nothing beside specific ones, and the
        // overview alone.
        (
            .neutral,
            [
                "clip", "clips", "track", "tracks", "song", "sound", "audio", "recording", "describe", "tell me about",
                "overview", "key feature*", "key point*", "key takeaway*", "key fact*", "key thing*", "key characteristic*",
                "key detail*", "key aspect*", "key info*", "key element*", "key moment*", "key stat*", "key metric*",
                "key number*", "key finding*", "key insight*", "key highlight*", "key propert*", "key qualit*",
                "key question*", "key difference*", "low key", "major problem*", "major issue*", "major flaw*",
                "major difference*", "minor problem*", "minor issue*", "minor flaw*", "minor detail*", "minor difference*",
                "high level", "top level", "next level", "high quality", "low quality", "deep dive", "in depth", "scale of",
                "in short", "as long as",
                // Generic requests: about the whole track, so the overview when nothing specific is named.
                "summar*", "analy*", "about", "info*", "detail*", "feature*", "characteristic*", "propert*", "stat*",
                "metric*", "number*", "insight*", "think", "opinion", "good", "great", "bad", "nice", "masterpiece", "quality",
                "music", "piece", "file", "tune",
            ]
        ),
        (
            .everything,
            [
                "everything", "fully", "in full", "full analysis", "complete analysis",
            ]
        ),
    ]
}
