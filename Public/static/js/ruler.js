// The time ruler under the waveform: labelled ticks at a step that leaves
// room for the labels, for the visible window, drawn on its own canvas in
// the theme's colours.
import { formatTime } from './dom.js';

const STEPS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Seconds between labelled ticks so that labels are at least `minPx` apart when `duration` seconds fill `widthPx`. */
export function rulerStep(duration, widthPx, minPx = 64) {
  if (!(duration > 0) || !(widthPx > 0)) return 0;
  const perSecond = widthPx / duration;
  return STEPS.find((s) => s * perSecond >= minPx) || STEPS[STEPS.length - 1];
}

/** m:ss, with tenths or hundredths when the ticks are closer than a second. */
export function tickLabel(seconds, step) {
  if (step >= 1) return formatTime(seconds);
  const digits = step < 0.1 ? 2 : 1;
  const whole = Math.floor(seconds + 1e-9);
  const fraction = (seconds - whole).toFixed(digits).slice(1);
  return `${formatTime(whole)}${fraction}`;
}

/** Draws ticks and labels for the window [start, end] of a track of `duration` seconds. */
export function drawRuler(canvas, duration, start = 0, end = duration) {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  const span = end - start;
  const step = duration > 0 ? rulerStep(span, canvas.clientWidth) : 0;
  canvas.dataset.step = String(step);
  if (!step) { delete canvas.dataset.drawn; return; }
  const css = getComputedStyle(canvas);
  ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  let labels = 0;
  // Multiples of the step, so labels stay put while the window scrolls.
  for (let i = Math.ceil(start / step - 1e-9); i * step <= end + 1e-9; i += 1) {
    const t = i * step;
    const x = Math.min(width - dpr, Math.round(((t - start) / span) * width));
    ctx.fillRect(x, 0, Math.max(1, dpr), Math.round(5 * dpr));
    const text = tickLabel(t, step);
    const w = ctx.measureText(text).width;
    // Keep the last label inside the canvas.
    ctx.fillText(text, Math.min(x + 2 * dpr, width - w - dpr), height - dpr);
    labels += 1;
  }
  canvas.dataset.labels = String(labels);
  canvas.dataset.drawn = 'true';
}
