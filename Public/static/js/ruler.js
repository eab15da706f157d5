// The time ruler under the waveform: labelled ticks at a step that leaves
// room for the labels, drawn on its own canvas in the theme's colours.
import { formatTime } from './dom.js';

const STEPS = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Seconds between labelled ticks so that labels are at least `minPx` apart. */
export function rulerStep(duration, widthPx, minPx = 64) {
  if (!(duration > 0) || !(widthPx > 0)) return 0;
  const perSecond = widthPx / duration;
  return STEPS.find((s) => s * perSecond >= minPx) || STEPS[STEPS.length - 1];
}

/** Draws ticks and m:ss labels for a track of `duration` seconds. */
export function drawRuler(canvas, duration) {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  const step = rulerStep(duration, canvas.clientWidth);
  canvas.dataset.step = String(step);
  if (!step) { delete canvas.dataset.drawn; return; }
  const css = getComputedStyle(canvas);
  ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  let labels = 0;
  for (let t = 0; t <= duration + 1e-9; t += step) {
    const x = Math.min(width - dpr, Math.round((t / duration) * width));
    ctx.fillRect(x, 0, Math.max(1, dpr), Math.round(5 * dpr));
    const text = step < 1 ? `${t.toFixed(1)}s` : formatTime(t);
    const w = ctx.measureText(text).width;
    ctx.textAlign = 'left';
    // Keep the last label inside the canvas.
    ctx.fillText(text, Math.min(x + 2 * dpr, width - w - dpr), height - dpr);
    labels += 1;
  }
  canvas.dataset.labels = String(labels);
  canvas.dataset.drawn = 'true';
}
