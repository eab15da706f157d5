"""Times librosa 0.11.0 on the benchmark fixtures (used by bench-analysis.sh with BENCH_LIBROSA=1).

Loads each file as the original app did (soundfile read, channel mean,
soxr_hq resample to 22050 Hz) and runs the three agents as ANALYSIS.md
defines them: load once, analysis after one warm-up call, median of 3.
Writes {file: {"load": seconds, "analysis": seconds}}.
"""
import json
import statistics
import sys
import time

import librosa
import numpy as np
import soundfile as sf

SR = 22050


def load(path):
    data, rate = sf.read(path, always_2d=True)
    y = data.mean(axis=1)
    return librosa.resample(y, orig_sr=rate, target_sr=SR, res_type="soxr_hq") if rate != SR else y


def spectral(y):
    cent = librosa.feature.spectral_centroid(y=y, sr=SR)[0]
    bw = librosa.feature.spectral_bandwidth(y=y, sr=SR)[0]
    roll = librosa.feature.spectral_rolloff(y=y, sr=SR)[0]
    flat = librosa.feature.spectral_flatness(y=y)[0]
    mag = np.abs(np.fft.rfft(y))
    top = np.argsort(mag)[-5:][::-1]
    mfcc = librosa.feature.mfcc(y=y, sr=SR, n_mfcc=13)
    return cent.mean(), bw.mean(), roll.mean(), flat.mean(), top, mfcc[:5].mean(axis=1)


def temporal(y):
    rms = librosa.feature.rms(y=y)[0]
    db = librosa.amplitude_to_db(rms, ref=1.0)
    zcr = librosa.feature.zero_crossing_rate(y)[0]
    e = np.abs(librosa.effects.preemphasis(y, coef=0.97))
    intervals = librosa.effects.split(y, top_db=30)
    return y.min(), y.max(), y.std(), rms.mean(), db.max() - db.min(), zcr.mean(), np.argmax(e), len(intervals)


def rhythm(y):
    tempo, beats = librosa.beat.beat_track(y=y, sr=SR)
    times = librosa.frames_to_time(beats, sr=SR)
    onsets = librosa.frames_to_time(librosa.onset.onset_detect(y=y, sr=SR), sr=SR)
    env = librosa.onset.onset_strength(y=y, sr=SR)
    tg = librosa.feature.tempogram(y=y, sr=SR).mean(axis=1)
    top = np.argsort(tg)[-3:][::-1]
    tempi = librosa.tempo_frequencies(len(tg), sr=SR)[top]
    strengths = env[beats[beats < len(env)]] if len(beats) else env[:0]
    return tempo, times, onsets, env.mean(), tempi, strengths


def analyse(y):
    return spectral(y), temporal(y), rhythm(y)


def main(directory, out):
    manifest = json.load(open(f"{directory}/manifest.json"))
    times = {}
    for entry in manifest["files"]:
        if not entry["decodable"] or entry["expected_error"]:
            continue
        path = f"{directory}/{entry['file']}"
        start = time.perf_counter()
        y = load(path)
        load_time = time.perf_counter() - start
        analyse(y)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            analyse(y)
            runs.append(time.perf_counter() - start)
        times[entry["file"]] = {"load": load_time, "analysis": statistics.median(runs)}
        print(f"librosa {entry['file']}: load {load_time * 1000:.1f} ms, analysis {times[entry['file']]['analysis'] * 1000:.1f} ms",
              file=sys.stderr)
    json.dump(times, open(out, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
