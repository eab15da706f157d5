// Waveform canvas: min/max peaks, beat and onset markers, a playhead and
// click/keyboard seeking, and a time ruler below. Colours come from CSS custom
// properties. Beat markers are thinned to what the width can show.
import { formatTime, prepareCanvas } from './dom.js';
import { drawRuler } from './ruler.js';

/** Closest spacing, in device pixels, at which separate beat lines stay readable. */
export const MIN_BEAT_GAP_PX = 4;

/**
 * The beats worth drawing at this width: all of them when they are at least
 * 4 px apart, else every 4th (bar lines), else none.
 */
export function visibleBeats(beats, duration, widthPx, minGap = MIN_BEAT_GAP_PX) {
  if (!Array.isArray(beats) || beats.length < 2 || !(duration > 0) || !(widthPx > 0)) return { beats: beats || [], every: 1 };
  const span = beats[beats.length - 1] - beats[0];
  const gap = (span / (beats.length - 1) / duration) * widthPx;
  if (gap >= minGap) return { beats, every: 1 };
  if (gap * 4 >= minGap) return { beats: beats.filter((_, i) => i % 4 === 0), every: 4 };
  return { beats: [], every: 0 };
}

/** Number of peak buckets to ask the server for, for a canvas this wide. */
export function pointsFor(cssWidth) {
  const dpr = window.devicePixelRatio || 1;
  return Math.max(100, Math.min(10000, Math.round(cssWidth * Math.min(dpr, 2))));
}

/** Draws one track's waveform and keeps the playhead in step with `audio`. */
export class Waveform {
  constructor(canvas, playhead, seek, audio, ruler) {
    this.canvas = canvas;
    this.ruler = ruler;
    this.playhead = playhead;
    this.seek = seek;
    this.audio = audio;
    this.data = null;
    this.beats = [];
    this.onsets = [];
    this.duration = 0;
    this.frame = 0;
    this.placeholder = 'Waveform shown once analysed';
    this.bind();
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  drawRuler() {
    if (!this.ruler) return;
    this.ruler.hidden = !(this.data && this.duration > 0);
    if (!this.ruler.hidden) drawRuler(this.ruler, this.duration);
  }

  bind() {
    const update = () => this.updatePlayhead();
    for (const type of ['timeupdate', 'seeked', 'loadedmetadata', 'pause']) this.audio.addEventListener(type, update);
    this.audio.addEventListener('play', () => this.animate());
    this.seek.addEventListener('click', (e) => {
      const rect = this.seek.getBoundingClientRect();
      if (rect.width > 0) this.seekTo(((e.clientX - rect.left) / rect.width) * this.totalDuration());
    });
    this.seek.addEventListener('keydown', (e) => this.onKey(e));
  }

  onKey(e) {
    const total = this.totalDuration();
    const now = this.audio.currentTime || 0;
    const steps = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -30, PageUp: 30 };
    if (e.key in steps) this.seekTo(now + steps[e.key]);
    else if (e.key === 'Home') this.seekTo(0);
    else if (e.key === 'End') this.seekTo(total);
    else if (e.key === ' ' || e.key === 'Enter') {
      if (this.audio.paused) this.audio.play().catch(() => {}); else this.audio.pause();
    } else return;
    e.preventDefault();
  }

  totalDuration() {
    const d = this.audio.duration;
    return Number.isFinite(d) && d > 0 ? d : this.duration;
  }

  seekTo(seconds) {
    const total = this.totalDuration();
    if (!(total > 0)) return;
    const t = Math.max(0, Math.min(total, seconds));
    try { this.audio.currentTime = t; } catch { /* not seekable yet */ }
    this.updatePlayhead(t);
  }

  clear() {
    this.data = null;
    this.beats = [];
    this.onsets = [];
    this.duration = 0;
    this.draw();
    this.updatePlayhead(0);
  }

  setData(data, rhythm) {
    this.data = data;
    this.duration = Number(data && data.duration) || 0;
    this.beats = (rhythm && Array.isArray(rhythm.beat_times)) ? rhythm.beat_times : [];
    this.onsets = (rhythm && Array.isArray(rhythm.onset_times)) ? rhythm.onset_times : [];
    this.seek.setAttribute('aria-valuemax', String(Math.round(this.duration)));
    this.draw();
    this.updatePlayhead();
  }

  animate() {
    cancelAnimationFrame(this.frame);
    const step = () => {
      this.updatePlayhead();
      if (!this.audio.paused && !this.audio.ended) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  updatePlayhead(time = this.audio.currentTime || 0) {
    const total = this.totalDuration();
    const fraction = total > 0 ? Math.min(1, time / total) : 0;
    this.playhead.style.left = `${(fraction * 100).toFixed(3)}%`;
    this.seek.setAttribute('aria-valuenow', String(Math.round(time)));
    this.seek.setAttribute('aria-valuetext', `${formatTime(time)} of ${formatTime(total)}`);
  }

  draw() {
    const canvas = this.canvas;
    const { ctx, css, width, height, dpr } = prepareCanvas(canvas);
    const mid = height / 2;
    ctx.fillStyle = css.getPropertyValue('--wave-axis').trim() || '#999';
    ctx.fillRect(0, Math.floor(mid), width, Math.max(1, dpr));
    if (!this.data || !Array.isArray(this.data.min) || !this.data.min.length) {
      // Decorative: the track's status is announced elsewhere.
      ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
      ctx.font = `${Math.round(13 * dpr)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.fillText(this.placeholder, width / 2, mid - 8 * dpr);
      delete canvas.dataset.drawn;
      this.drawRuler();
      return;
    }
    this.drawPeaks(ctx, width, height, css.getPropertyValue('--wave-fill').trim() || '#4646c8');
    this.drawMarkers(ctx, width, height, dpr, css);
    canvas.dataset.drawn = 'true';
    this.drawRuler();
  }

  drawPeaks(ctx, width, height, colour) {
    const { min, max } = this.data;
    const n = Math.min(min.length, max.length);
    const mid = height / 2;
    const scale = mid * 0.95;
    ctx.fillStyle = colour;
    for (let x = 0; x < width; x += 1) {
      const start = Math.floor((x / width) * n);
      const end = Math.max(start + 1, Math.floor(((x + 1) / width) * n));
      let lo = 0;
      let hi = 0;
      for (let i = start; i < end && i < n; i += 1) {
        if (min[i] < lo) lo = min[i];
        if (max[i] > hi) hi = max[i];
      }
      const top = mid - Math.min(1, hi) * scale;
      const bottom = mid - Math.max(-1, lo) * scale;
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }

  drawMarkers(ctx, width, height, dpr, css) {
    const total = this.duration;
    if (!(total > 0)) return;
    ctx.fillStyle = css.getPropertyValue('--onset').trim() || '#d97706';
    const tick = Math.round(10 * dpr);
    for (const t of this.onsets) {
      const x = Math.round((t / total) * width);
      ctx.fillRect(x, height - tick, Math.max(1, dpr), tick);
    }
    ctx.fillStyle = css.getPropertyValue('--beat').trim() || '#dc2626';
    ctx.globalAlpha = 0.75;
    const shown = visibleBeats(this.beats, total, width, MIN_BEAT_GAP_PX * dpr);
    this.canvas.dataset.beatsDrawn = String(shown.beats.length);
    this.canvas.dataset.beatEvery = String(shown.every);
    if (this.onBeats) this.onBeats(shown.every);
    for (const t of shown.beats) {
      const x = Math.round((t / total) * width);
      ctx.fillRect(x, 0, Math.max(1, dpr), height - tick - 2 * dpr);
    }
    ctx.globalAlpha = 1;
  }
}
