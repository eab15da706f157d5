// The visible time window shared by the waveform, the spectrogram, the ruler
// and the overview strip: one place decides what zoom and scroll mean, so the
// views can never disagree about which seconds they show.

/** Narrowest window, in seconds: below this the peaks are only a few samples. */
export const MIN_WINDOW_SECONDS = 0.25;

/**
 * The window after zooming by `factor` (> 1 zooms in) around `anchor` seconds,
 * which stays at the same place on screen; clamped to [0, duration].
 */
export function zoomWindow({ start, end }, duration, factor, anchor) {
  if (!(duration > 0) || !(factor > 0)) return { start, end };
  const span = end - start;
  const minimum = Math.min(duration, MIN_WINDOW_SECONDS);
  const next = Math.max(minimum, Math.min(duration, span / factor));
  const at = Number.isFinite(anchor) ? Math.max(start, Math.min(end, anchor)) : (start + end) / 2;
  const ratio = span > 0 ? (at - start) / span : 0.5;
  return clampWindow(at - ratio * next, next, duration);
}

/** A window of `span` seconds starting near `start`, moved inside [0, duration]. */
export function clampWindow(start, span, duration) {
  const width = Math.max(0, Math.min(duration, span));
  const from = Math.max(0, Math.min(duration - width, start));
  return { start: from, end: from + width };
}

/** The zoom state of one open track; dispatches `change` after every move. */
export class Timeline extends EventTarget {
  constructor() {
    super();
    this.duration = 0;
    this.start = 0;
    this.end = 0;
  }

  /** A new track: the whole of it is visible. */
  reset(duration) {
    this.duration = Number(duration) > 0 ? Number(duration) : 0;
    this.show(0, this.duration);
  }

  get span() { return this.end - this.start; }

  /** How many times narrower than the whole track the window is. */
  get zoom() { return this.span > 0 ? this.duration / this.span : 1; }

  show(start, end) {
    const next = clampWindow(start, end - start, this.duration);
    if (next.start === this.start && next.end === this.end) return;
    this.start = next.start;
    this.end = next.end;
    this.dispatchEvent(new Event('change'));
  }

  zoomBy(factor, anchor) {
    const next = zoomWindow(this, this.duration, factor, anchor);
    this.show(next.start, next.end);
  }

  panBy(seconds) { this.show(this.start + seconds, this.end + seconds); }

  /** Centres the window on `seconds` without changing the zoom. */
  centreOn(seconds) { this.show(seconds - this.span / 2, seconds + this.span / 2); }

  /** Scrolls just enough to bring `seconds` into view (the playhead while playing). */
  follow(seconds) {
    if (seconds < this.start || seconds > this.end) this.show(seconds - this.span * 0.1, seconds + this.span * 0.9);
  }

  /** Seconds at a fraction (0…1) of the visible width. */
  timeAt(fraction) { return this.start + fraction * this.span; }

  /** Fraction of the visible width where `seconds` falls (outside 0…1 when off screen). */
  fractionOf(seconds) { return this.span > 0 ? (seconds - this.start) / this.span : 0; }
}
