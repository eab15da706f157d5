// A spectrogram of the visible window computed from the decoded samples,
// for zoom levels where the server's 800-column picture would be stretched.
// Mirrors the server's renderer: 2048-point Hann-windowed frames centred on
// each column, rows on the same log-frequency axis, power in dB over an 80 dB
// range from the loudest cell (never taken as quieter than a fixed level, so
// silence stays black), coloured with the same 64-step palette.
import { PALETTE, LEVELS, RANGE_DB, QUIETEST_REFERENCE_DB, hzAt } from './spectrogram-scale.js';

const N = 2048;
const HALF = N / 2;
/** Time spent computing per animation frame, ms: the page stays responsive while a window renders. */
const FRAME_BUDGET_MS = 8;

const hann = new Float64Array(N);
for (let i = 0; i < N; i += 1) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N);
const cosTable = new Float64Array(HALF);
const sinTable = new Float64Array(HALF);
for (let i = 0; i < HALF; i += 1) {
  cosTable[i] = Math.cos((2 * Math.PI * i) / N);
  sinTable[i] = -Math.sin((2 * Math.PI * i) / N);
}
const reversed = new Uint32Array(N);
for (let i = 0, bits = Math.log2(N); i < N; i += 1) {
  let r = 0;
  for (let b = 0, v = i; b < bits; b += 1, v >>= 1) r = (r << 1) | (v & 1);
  reversed[i] = r;
}

/** In-place iterative radix-2 FFT of length 2048 (`re`, `im` Float64Arrays). */
export function fft(re, im) {
  for (let i = 0; i < N; i += 1) {
    const j = reversed[i];
    if (j > i) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (let size = 2; size <= N; size <<= 1) {
    const half = size >> 1;
    const step = N / size;
    for (let base = 0; base < N; base += size) {
      for (let k = 0; k < half; k += 1) {
        const wr = cosTable[k * step];
        const wi = sinTable[k * step];
        const a = base + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr; im[b] = im[a] - xi;
        re[a] += xr; im[a] += xi;
      }
    }
  }
}

/** Power spectrum (bins 0…1024) of the Hann-windowed frame centred on sample `centre`. */
export function framePower(samples, centre, re, im, power) {
  const from = centre - HALF;
  for (let i = 0; i < N; i += 1) {
    const j = from + i;
    re[i] = j >= 0 && j < samples.length ? samples[j] * hann[i] : 0;
    im[i] = 0;
  }
  fft(re, im);
  for (let k = 0; k <= HALF; k += 1) power[k] = re[k] * re[k] + im[k] * im[k];
}

/**
 * Renders [start, start + span] seconds of `samples` into a width × height
 * ImageData, a few columns per animation frame (one FFT per pixel column at
 * most); calls `done(image, dbGrid)` when finished. Returns a cancel function.
 */
export function renderWindow(samples, rate, start, span, width, height, done) {
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const power = new Float64Array(HALF + 1);
  const db = new Float32Array(width * height);
  // Fractional FFT bin of each row, top row (Nyquist) first.
  const rows = Float64Array.from({ length: height }, (_, y) => Math.min(HALF, hzAt(1 - y / (height - 1)) / (rate / N)));
  let loudest = QUIETEST_REFERENCE_DB;
  let x = 0;
  let frame = 0;
  const step = () => {
    const until = performance.now() + FRAME_BUDGET_MS;
    for (; x < width && performance.now() < until; x += 1) {
      framePower(samples, Math.round((start + ((x + 0.5) / width) * span) * rate), re, im, power);
      for (let y = 0; y < height; y += 1) {
        const bin = rows[y];
        const k = Math.floor(bin);
        const f = bin - k;
        const p = k >= HALF ? power[HALF] : power[k] * (1 - f) + power[k + 1] * f;
        const value = 10 * Math.log10(Math.max(p, 1e-10));
        db[y * width + x] = value;
        if (value > loudest) loudest = value;
      }
    }
    if (x < width) { frame = requestAnimationFrame(step); return; }
    frame = 0;
    const image = new ImageData(width, height);
    const top = LEVELS - 1;
    for (let i = 0; i < db.length; i += 1) {
      const level = Math.round(Math.min(Math.max((db[i] - loudest + RANGE_DB) / RANGE_DB, 0), 1) * top);
      const [r, g, b] = PALETTE[level];
      image.data[i * 4] = r;
      image.data[i * 4 + 1] = g;
      image.data[i * 4 + 2] = b;
      image.data[i * 4 + 3] = 255;
    }
    done(image);
  };
  frame = requestAnimationFrame(step);
  return () => { if (frame) cancelAnimationFrame(frame); frame = 0; };
}
