// How the server's spectrogram PNG maps to numbers. The server decodes every
// track to mono 22050 Hz before analysis, and renders rows on a logarithmic
// frequency axis from 30 Hz (bottom row) to the Nyquist frequency (top row),
// power in dB relative to the loudest cell over an 80 dB range, coloured on a
// dark-to-bright ramp. These constants mirror that renderer.

export const MIN_HZ = 30;
export const NYQUIST_HZ = 22050 / 2;
export const RANGE_DB = 80;
/** The renderer's colour stops, darkest (−80 dB) to brightest (0 dB). */
export const COLOUR_STOPS = [
  [0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122],
  [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191],
];

/** Frequency at a height fraction of the image: 0 is the bottom row, 1 the top row. */
export function hzAt(fraction) {
  const f = Math.max(0, Math.min(1, fraction));
  return MIN_HZ * (NYQUIST_HZ / MIN_HZ) ** f;
}

/** Height fraction (0 bottom … 1 top) where `hz` is drawn. */
export function fractionOfHz(hz) {
  return Math.log(hz / MIN_HZ) / Math.log(NYQUIST_HZ / MIN_HZ);
}

/** Frequencies worth a label on the axis, within the shown range. */
export const FREQUENCY_TICKS = [50, 100, 200, 500, 1000, 2000, 5000, 10000];

export function formatHz(hz) {
  if (hz >= 1000) return `${(hz / 1000).toFixed(hz >= 10000 ? 0 : 1)} kHz`;
  return `${Math.round(hz)} Hz`;
}

function rampColour(t) {
  const x = Math.max(0, Math.min(1, t)) * (COLOUR_STOPS.length - 1);
  const i = Math.min(Math.floor(x), COLOUR_STOPS.length - 2);
  const f = x - i;
  const [a, b] = [COLOUR_STOPS[i], COLOUR_STOPS[i + 1]];
  return [0, 1, 2].map((k) => a[k] + (b[k] - a[k]) * f);
}

// The ramp sampled finely once; a pixel is read back by its nearest sample.
const SAMPLES = Array.from({ length: 161 }, (_, i) => rampColour(i / 160));

/** The dB level (0 loudest … −80) a pixel's colour stands for, by the nearest colour on the ramp. */
export function dbOfColour(r, g, b) {
  let best = 0;
  let bestDistance = Infinity;
  SAMPLES.forEach(([sr, sg, sb], i) => {
    const d = (sr - r) ** 2 + (sg - g) ** 2 + (sb - b) ** 2;
    if (d < bestDistance) { bestDistance = d; best = i; }
  });
  return (best / (SAMPLES.length - 1) - 1) * RANGE_DB;
}

/** Colour steps of the server's palette PNG: 64 over 80 dB. */
export const LEVELS = 64;
/** The palette itself, darkest first, as the server quantises it. */
export const PALETTE = Array.from({ length: LEVELS }, (_, i) => rampColour(i / (LEVELS - 1)).map(Math.round));
/** The brightest colour never stands for less than this power, dB (the server's rule): a full-scale sine
 *  in one Hann-windowed 2048-point frame has (2048/4)² ≈ 54 dB; 60 dB below it, near-silence stays black. */
export const QUIETEST_REFERENCE_DB = 10 * Math.log10((2048 / 4) ** 2) - 60;
