"""The pure parts of the instruments and the library, run in the page: zoom
arithmetic, ruler labels, bar lines that keep their place while scrolling,
CSV and file names of the downloads, the track filter and which keys belong
to the focused element rather than to the page."""

import pytest

from conftest import wait

# The expression is part of the driver's script (which the page's CSP allows), not evaluated by the page.
CALL = """
const done = arguments[arguments.length - 1];
import('/static/js/{module}.js').then((m) => done({expression})).catch((e) => done({{error: String(e)}}));
"""


@pytest.fixture(scope="module")
def page(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.app === 'ready'"))
    return driver


def call(page, module, expression):
    result = page.execute_async_script(CALL.format(module=module, expression=expression))
    assert not (isinstance(result, dict) and "error" in result), result
    return result


def test_zoom_keeps_the_anchor_in_place_and_stays_inside_the_track(page):
    assert call(page, "timeline", "m.zoomWindow({start: 0, end: 60}, 60, 2, 30)") == {"start": 15, "end": 45}
    assert call(page, "timeline", "m.zoomWindow({start: 0, end: 60}, 60, 2, 0)") == {"start": 0, "end": 30}
    assert call(page, "timeline", "m.zoomWindow({start: 40, end: 50}, 60, 0.25, 45)") == {"start": 20, "end": 60}
    assert call(page, "timeline", "m.zoomWindow({start: 10, end: 11}, 60, 1000, 10.5)")["end"] - \
        call(page, "timeline", "m.zoomWindow({start: 10, end: 11}, 60, 1000, 10.5)")["start"] == pytest.approx(0.25)
    assert call(page, "timeline", "m.clampWindow(-5, 10, 60)") == {"start": 0, "end": 10}


def test_ruler_labels_at_fine_steps(page):
    assert call(page, "ruler", "[m.tickLabel(62.5, 0.5), m.tickLabel(5, 0.05), m.tickLabel(125, 5), m.rulerStep(1, 640)]") == \
        ["1:02.5", "0:05.00", "2:05", 0.1]


def test_bar_lines_keep_their_place_while_scrolling(page):
    beats = [i * 0.5 for i in range(1200)]
    first = call(page, "waveform", f"m.beatsInWindow({beats}, 0, 100, 400)")
    later = call(page, "waveform", f"m.beatsInWindow({beats}, 1, 101, 400)")
    assert first["every"] == later["every"] == 4
    # Every 4th beat of the whole track: 2 s apart from 0 s, wherever the window starts.
    assert all(t % 2 == 0 for t in first["beats"] + later["beats"])
    assert call(page, "waveform", f"m.beatsInWindow({beats}, 0, 600, 100).every") == 0
    assert call(page, "waveform", f"m.beatsInWindow({beats}, 0, 10, 800).beats.length") == 21


def test_download_contents_and_names(page):
    assert call(page, "export", "m.timesCsv([0.5, 1, 'x', NaN, 12.34567])") == "0.500\n1.000\n12.346\n"
    assert call(page, "export", "m.timesCsv(undefined)") == ""
    assert call(page, "export", "m.exportName('my song.final.wav', 'beats.csv')") == "my song.final-beats.csv"
    assert call(page, "export", "m.exportName('a/b:c.wav', 'analysis.json')") == "a_b_c-analysis.json"


def test_track_filter_matches_every_word(page):
    assert call(page, "tracks", "[m.matchesFilter('Live at Home.wav', 'home live'), m.matchesFilter('Live.wav', 'live home'),"
                                " m.matchesFilter('x.wav', '  ')]") == [True, False, True]


def test_keys_that_belong_to_the_focused_element(page):
    result = call(page, "shortcuts", """(() => {
      const make = (html) => { const box = document.createElement('div'); box.innerHTML = html; return box.firstChild; };
      const check = (html, key) => m.keyBelongsToFocus(make(html), key);
      return [check('<textarea></textarea>', ' '), check('<input type="text">', '+'), check('<input type="checkbox">', ' '),
              check('<input type="checkbox">', '+'), check('<button>b</button>', ' '), check('<button>b</button>', '+'),
              check('<div role="slider" tabindex="0"></div>', ' '), m.keyBelongsToFocus(document.body, ' ')];
    })()""")
    assert result == [True, True, True, False, True, False, False, False]


def test_fft_puts_a_sine_in_its_bin_and_silence_is_black(page):
    # 1 kHz at 22,050 Hz: bin 1000 / (22050 / 2048) ≈ 92.9, and a full-scale sine's power is about (2048 / 4)².
    peak, power = call(page, "spectrogram-detail", """(() => {
      const s = Float32Array.from({length: 8192}, (_, i) => Math.sin(2 * Math.PI * 1000 * i / 22050));
      const re = new Float64Array(2048), im = new Float64Array(2048), p = new Float64Array(1025);
      m.framePower(s, 4096, re, im, p);
      let k = 0; for (let i = 1; i < p.length; i += 1) if (p[i] > p[k]) k = i;
      return [k, 10 * Math.log10(p[k])]; })()""")
    assert peak == 93, peak
    assert power == pytest.approx(54.2, abs=1.5)
    # A window of digital silence renders every pixel in the palette's darkest colour.
    pixels = page.execute_async_script("""const done = arguments[arguments.length - 1];
      import('/static/js/spectrogram-detail.js').then((m) => m.renderWindow(new Float32Array(22050), 22050, 0, 1, 40, 16,
        (image) => done([...new Set(Array.from({length: image.width * image.height}, (_, i) => image.data.slice(i * 4, i * 4 + 4).join(',')))])));""")
    assert pixels == ["0,0,4,255"], pixels


def test_onsets_thin_and_keep_their_distance(page):
    dense = call(page, "waveform", "m.onsetsInWindow(Array.from({length: 1200}, (_, i) => i * 0.5), 0, 600, 1280)")
    assert dense["every"] == 4 and len(dense["onsets"]) <= 1280 / 4
    # Bunched onsets: only one per 4 px, however close they come.
    bunched = call(page, "waveform", "m.onsetsInWindow([1, 1.001, 1.002, 1.003, 5, 9], 0, 10, 100)")
    assert bunched == {"onsets": [1, 5, 9], "every": 1}
