// Waveform canvas: min/max peaks of the visible window with beat and onset
// markers. Colours come from CSS custom properties. Beat markers are thinned
// to what the width can show; zooming in brings every beat back. Zoomed in
// past the stored peaks, each pixel column is drawn from the decoded samples
// when they are there (see audio-detail.js).
import { prepareCanvas } from './dom.js';

/** Closest spacing, in device pixels, at which separate beat lines stay readable. */
export const MIN_BEAT_GAP_PX = 4;
/** Thinning steps: every beat, every 4th (bar lines in 4/4), every 16th (every 4th bar). */
const BEAT_STEPS = [1, 4, 16];

/** How many beats apart the drawn markers are for a mean spacing of `gapPx` pixels; 0 for none. */
export function beatStep(gapPx, minGap = MIN_BEAT_GAP_PX) {
  return BEAT_STEPS.find((step) => gapPx * step >= minGap) || 0;
}

/**
 * The beats worth drawing when `duration` seconds fill `widthPx` pixels: all
 * of them when they are at least 4 px apart, else every 4th (bar lines), else
 * every 16th, else none.
 */
export function visibleBeats(beats, duration, widthPx, minGap = MIN_BEAT_GAP_PX) {
  if (!Array.isArray(beats) || beats.length < 2 || !(duration > 0) || !(widthPx > 0)) return { beats: beats || [], every: 1 };
  const every = beatStep(meanGap(beats) / duration * widthPx, minGap);
  return { beats: every ? beats.filter((_, i) => i % every === 0) : [], every };
}

/**
 * The beats to draw in the window [start, end] shown on `widthPx` pixels. Bar
 * lines keep their place in the whole track (every 4th beat counted from the
 * first), so scrolling does not make them jump.
 */
export function beatsInWindow(beats, start, end, widthPx, minGap = MIN_BEAT_GAP_PX) {
  if (!Array.isArray(beats) || beats.length < 2 || !(end > start) || !(widthPx > 0)) return { beats: beats || [], every: 1 };
  const every = beatStep(meanGap(beats) / (end - start) * widthPx, minGap);
  if (!every) return { beats: [], every };
  return { beats: beats.filter((t, i) => i % every === 0 && t >= start && t <= end), every };
}

/**
 * The onsets to draw in [start, end] on `widthPx` pixels: every 1st, 4th or
 * 16th by their mean spacing (none when even that is too dense), and of
 * those only ones at least `minGap` pixels after the last one drawn.
 */
export function onsetsInWindow(onsets, start, end, widthPx, minGap = MIN_BEAT_GAP_PX) {
  if (!Array.isArray(onsets) || !(end > start) || !(widthPx > 0)) return { onsets: [], every: 1 };
  const { beats: kept, every } = onsets.length < 2 ? { beats: onsets, every: 1 } : beatsInWindow(onsets, start, end, widthPx, minGap);
  const shown = [];
  let lastX = -Infinity;
  for (const t of kept) {
    if (t < start || t > end) continue;
    const x = ((t - start) / (end - start)) * widthPx;
    if (x - lastX >= minGap) { shown.push(t); lastX = x; }
  }
  return { onsets: shown, every };
}

function meanGap(beats) {
  return (beats[beats.length - 1] - beats[0]) / (beats.length - 1);
}

/** Number of peak buckets to ask the server for: enough to zoom in 8× before buckets show. */
export function pointsFor(cssWidth) {
  const dpr = window.devicePixelRatio || 1;
  return Math.max(100, Math.min(10000, Math.round(cssWidth * Math.min(dpr, 2) * 8)));
}

/** Draws one track's waveform for the window `timeline` shows. */
export class Waveform {
  constructor(canvas, timeline) {
    this.canvas = canvas;
    this.timeline = timeline;
    this.data = null;
    this.beats = [];
    this.onsets = [];
    this.showBeats = true;
    this.showOnsets = true;
    this.placeholder = 'Waveform shown once analysed';
    this.onBeats = null;
    // `{ samples, sampleRate, columnPeaks }` once the track is decoded; null until then.
    this.detail = null;
    this.noSignal = false;
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  clear() {
    this.data = null;
    this.beats = [];
    this.onsets = [];
    this.draw();
  }

  setData(data, rhythm) {
    this.data = data;
    this.beats = (rhythm && Array.isArray(rhythm.beat_times)) ? rhythm.beat_times : [];
    this.onsets = (rhythm && Array.isArray(rhythm.onset_times)) ? rhythm.onset_times : [];
    this.draw();
  }

  get duration() { return Number(this.data && this.data.duration) || 0; }

  /** True when the window holds fewer stored peak buckets than the canvas has pixel columns. */
  get wantsDetail() {
    const n = this.data && Array.isArray(this.data.min) ? this.data.min.length : 0;
    return n > 0 && this.duration > 0 && this.timeline.span * (n / this.duration) < this.canvas.width;
  }

  draw() {
    const canvas = this.canvas;
    const { ctx, css, width, height, dpr } = prepareCanvas(canvas);
    const mid = height / 2;
    ctx.fillStyle = css.getPropertyValue('--wave-axis').trim() || '#999';
    ctx.fillRect(0, Math.floor(mid), width, Math.max(1, dpr));
    if (!this.data || !Array.isArray(this.data.min) || !this.data.min.length || !(this.timeline.span > 0)) {
      // Decorative: the track's status is announced elsewhere.
      ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
      ctx.font = `${Math.round(13 * dpr)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.fillText(this.placeholder, width / 2, mid - 8 * dpr);
      delete canvas.dataset.drawn;
      return;
    }
    const fill = css.getPropertyValue('--wave-fill').trim() || '#4646c8';
    if (this.detail && this.wantsDetail) {
      const { start, span } = this.timeline;
      // A redraw of the same window (markers toggled, a resize back) reuses the columns: a long
      // track's window can hold millions of samples.
      const key = `${start}|${span}|${width}`;
      if (!this.detail.columns || this.detail.columns.key !== key) {
        this.detail.columns = { key, ...this.detail.columnPeaks(this.detail.samples, this.detail.sampleRate, start, span, width) };
      }
      const { min, max } = this.detail.columns;
      this.fillColumns(ctx, height, fill, (x) => [min[x], max[x]], width);
      canvas.dataset.resolution = 'audio';
    } else {
      this.drawPeaks(ctx, width, height, fill);
      canvas.dataset.resolution = 'peaks';
    }
    if (this.noSignal) {
      ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
      ctx.font = `${Math.round(13 * dpr)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.fillText('No signal', width / 2, mid - 8 * dpr);
      canvas.dataset.reading = 'no-signal';
    } else {
      delete canvas.dataset.reading;
    }
    // Beats and onsets "found" below the no-signal floor are the trackers reading noise: not drawn.
    if (this.noSignal) this.drawMarkers(ctx, width, height, dpr, css, true);
    else this.drawMarkers(ctx, width, height, dpr, css);
    canvas.dataset.drawn = 'true';
  }

  drawPeaks(ctx, width, height, colour) {
    const { min, max } = this.data;
    const n = Math.min(min.length, max.length);
    const { start, span } = this.timeline;
    const perSecond = n / this.duration;
    this.fillColumns(ctx, height, colour, (x) => {
      // Buckets covered by this pixel column; at high zoom one bucket spans several columns.
      const from = (start + (x / width) * span) * perSecond;
      const to = (start + ((x + 1) / width) * span) * perSecond;
      const first = Math.floor(from);
      const last = Math.max(first + 1, Math.ceil(to));
      let lo = 0;
      let hi = 0;
      for (let i = Math.max(0, first); i < last && i < n; i += 1) {
        if (min[i] < lo) lo = min[i];
        if (max[i] > hi) hi = max[i];
      }
      return [lo, hi];
    }, width);
  }

  /** Draws one bar per pixel column from `range(x)` = [min, max] in −1…1. */
  fillColumns(ctx, height, colour, range, width) {
    const mid = height / 2;
    const scale = mid * 0.95;
    ctx.fillStyle = colour;
    for (let x = 0; x < width; x += 1) {
      const [lo, hi] = range(x);
      const top = mid - Math.min(1, hi) * scale;
      const bottom = mid - Math.max(-1, lo) * scale;
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }

  drawMarkers(ctx, width, height, dpr, css, none = false) {
    const { start, end, span } = this.timeline;
    const xOf = (t) => Math.round(((t - start) / span) * width);
    const tick = Math.round(10 * dpr);
    // Onsets are thinned as beats are (every 4th, 16th or none), then kept 4 px apart, since unlike
    // beats they bunch up: 1,200 onsets on one canvas were a solid band.
    const onsets = this.showOnsets && !none ? onsetsInWindow(this.onsets, start, end, width, MIN_BEAT_GAP_PX * dpr) : { onsets: [], every: 1 };
    this.canvas.dataset.onsetsDrawn = String(onsets.onsets.length);
    this.canvas.dataset.onsetEvery = String(onsets.every);
    ctx.fillStyle = css.getPropertyValue('--onset').trim() || '#d97706';
    for (const t of onsets.onsets) ctx.fillRect(xOf(t), height - tick, Math.max(1, dpr), tick);
    const shown = this.showBeats && !none ? beatsInWindow(this.beats, start, end, width, MIN_BEAT_GAP_PX * dpr) : { beats: [], every: 1 };
    this.canvas.dataset.beatsDrawn = String(shown.beats.length);
    this.canvas.dataset.beatEvery = String(shown.every);
    if (this.onBeats) this.onBeats(shown.every);
    ctx.fillStyle = css.getPropertyValue('--beat').trim() || '#dc2626';
    ctx.globalAlpha = 0.75;
    for (const t of shown.beats) ctx.fillRect(xOf(t), 0, Math.max(1, dpr), height - tick - 2 * dpr);
    ctx.globalAlpha = 1;
  }
}
