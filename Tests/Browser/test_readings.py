"""What the summary and the waveform make of the numbers, checked by rendering
the app's own modules in the page with chosen analyses: the dominant frequency
ignores bins below 20 Hz, the tempo is a whole number with its half/double
alternatives, rhythm words need beats, silence reads "No signal", beat markers
thin out to bar lines or nothing when they would crowd together."""

import pytest
from selenium.webdriver.common.by import By

from conftest import wait

RENDER = """
const done = arguments[arguments.length - 1];
import('/static/js/summary.js').then((m) => {
  const box = document.createElement('div');
  box.append(...m.renderSummary(arguments[0]));
  document.body.append(box);
  const result = {text: box.innerText, chips: [...box.querySelectorAll('.descriptors .chip')].map((c) => c.textContent),
                  labels: [...box.querySelectorAll('.stat-label')].map((c) => c.textContent)};
  box.remove();
  done(result);
}).catch((e) => done({error: String(e)}));
"""

BEATS = [0.5 * i for i in range(40)]
MUSIC = {
    "spectral": {"spectral_centroid": {"mean": 1500}, "spectral_flatness": {"mean": 0.01, "interpretation": "tonal"},
                 "dominant_frequencies": [{"frequency_hz": 0.0, "magnitude": 9.0}, {"frequency_hz": 10.8, "magnitude": 7.0},
                                          {"frequency_hz": 441.4, "magnitude": 5.0}, {"frequency_hz": 882.0, "magnitude": 2.0}]},
    "temporal": {"duration_seconds": 20.0, "amplitude": {"min": -0.8, "max": 0.9}, "rms_energy": {"mean": 0.2, "max": 0.5},
                 "dynamic_range_db": 12.0},
    "rhythm": {"tempo_bpm": 139.67, "beat_count": len(BEATS), "beat_times": BEATS, "onset_count": 50, "time_signature": "3/4",
               "swing": 0.05, "steadiness": 0.9, "upbeat": True},
    "loudness": {"integrated_lufs": -9.8, "loudness_range_lu": 4.2, "true_peak_dbtp": -0.4, "interpretation": "loud"},
    "tonal": {"key_label": "A minor", "key_confidence": 0.7},
}


@pytest.fixture(scope="module")
def page(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.app === 'ready'"))
    return driver


def render(page, analysis):
    result = page.execute_async_script(RENDER, analysis)
    assert "error" not in result, result
    return result


def with_rhythm(**changes):
    analysis = {k: dict(v) for k, v in MUSIC.items()}
    analysis["rhythm"].update(changes)
    return analysis


def test_dominant_frequency_ignores_bins_below_20_hz(page):
    text = render(page, MUSIC)["text"]
    assert "Dominant frequency\n441\u202fHz" in text, text
    assert "0\u202fHz" not in text and "11\u202fHz" not in text
    assert "below 20 Hz ignored" in text


def test_tempo_is_a_whole_number_with_half_and_double(page):
    result = render(page, with_rhythm(tempo_bpm=84.2))
    assert "84 or 42/168\nBPM" in result["text"], result["text"]
    assert "84.2" not in result["text"]
    # Only plausible alternatives: 280 BPM is not offered for 140.
    assert "140 or 70\nBPM" in render(page, MUSIC)["text"]


def test_rhythm_words_need_beats(page):
    full = render(page, MUSIC)
    assert full["chips"] == ["straight", "steady", "upbeat start"]
    assert "time signature" in full["labels"]
    none = render(page, with_rhythm(tempo_bpm=0.0, beat_count=0, beat_times=[], time_signature="4/4", swing=0.0, steadiness=1.0))
    assert none["chips"] == []
    assert "time signature" not in none["labels"] and "4/4" not in none["text"]
    assert "BPM (no beats found)" in none["labels"]
    assert "Swing\n–" in none["text"] and "Steadiness\n–" in none["text"]
    one = render(page, with_rhythm(beat_count=1, beat_times=[1.0]))
    assert one["chips"] == [] and "time signature" not in one["labels"]


def test_silence_reads_no_signal(page):
    silence = {
        "spectral": {"spectral_centroid": {"mean": 0}, "spectral_flatness": {"mean": 1.0, "interpretation": "noisy"},
                     "dominant_frequencies": [{"frequency_hz": 11025, "magnitude": 0}]},
        "temporal": {"duration_seconds": 2.0, "amplitude": {"min": 0, "max": 0}, "rms_energy": {"mean": 0, "max": 0}},
        "rhythm": {"tempo_bpm": 0, "beat_count": 0, "beat_times": [], "time_signature": "4/4", "swing": 0, "steadiness": 1},
        "loudness": {"integrated_lufs": None, "true_peak_dbtp": None, "interpretation": "silent: no measurable loudness"},
        "tonal": {"key_label": None, "key_confidence": 0},
    }
    result = render(page, silence)
    assert "No signal" in result["text"]
    for looks_real in ("noisy", "11.03", "4/4", "BPM", "steady", "straight"):
        assert looks_real not in result["text"], (looks_real, result["text"])


@pytest.mark.parametrize("count,duration,width,every,drawn", [
    (100, 60.0, 800, 1, 100),     # 8 px apart: every beat
    (500, 250.0, 600, 4, 125),    # 1.2 px apart: bar lines only
    (2000, 600.0, 400, 0, 0),     # 0.2 px apart: none
])
def test_beat_markers_thin_to_what_fits(page, count, duration, width, every, drawn):
    beats = [i * duration / count for i in range(count)]
    shown = page.execute_async_script("""
      const done = arguments[arguments.length - 1];
      import('/static/js/waveform.js').then((m) => { const r = m.visibleBeats(arguments[0], arguments[1], arguments[2]);
        done({every: r.every, drawn: r.beats.length}); }).catch((e) => done({error: String(e)}));""", beats, duration, width)
    assert shown == {"every": every, "drawn": drawn}


def test_ruler_steps_leave_room_for_labels(page):
    steps = page.execute_async_script("""
      const done = arguments[arguments.length - 1];
      import('/static/js/ruler.js').then((m) => done([m.rulerStep(20, 800), m.rulerStep(180, 800), m.rulerStep(3600, 390), m.rulerStep(0, 800)]));""")
    assert steps == [2, 15, 600, 0]
