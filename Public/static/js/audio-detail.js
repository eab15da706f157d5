// The open track's own samples, decoded in the browser, for views zoomed in
// past what the stored peaks and the spectrogram picture resolve. Fetched
// once per track through the browser's cache (the URL the player uses),
// resampled to the analysis rate and downmixed to one Float32Array, so a
// 20-minute track costs at most about 100 MB while it is open.

/** Longest track decoded: beyond this the memory is not worth the sharper zoom. */
export const MAX_DETAIL_SECONDS = 20 * 60;
/** The server analyses at 22,050 Hz; decoding at that rate keeps the spectrogram's axis the same. */
export const DETAIL_RATE = 22050;

export class AudioDetail {
  constructor(url) {
    this.url = url;
    this.samples = null;
    this.sampleRate = DETAIL_RATE;
    this.dropped = false;
    this.controller = new AbortController();
    this.ready = this.load();
    // A failure leaves the stretched views in place; nothing to report.
    this.ready.catch(() => {});
  }

  async load() {
    const response = await fetch(this.url, { signal: this.controller.signal });
    if (!response.ok) throw new Error(`audio request failed (${response.status})`);
    const bytes = await response.arrayBuffer();
    if (this.dropped) return null;
    // An offline context needs no audio device or user gesture, and resamples while decoding.
    const buffer = await new OfflineAudioContext(1, 1, DETAIL_RATE).decodeAudioData(bytes);
    if (this.dropped) return null;
    const samples = new Float32Array(buffer.length);
    const channels = buffer.numberOfChannels;
    for (let c = 0; c < channels; c += 1) {
      const data = buffer.getChannelData(c);
      for (let i = 0; i < data.length; i += 1) samples[i] += data[i];
    }
    if (channels > 1) for (let i = 0; i < samples.length; i += 1) samples[i] /= channels;
    this.sampleRate = buffer.sampleRate;
    this.samples = samples;
    return this;
  }

  /** Frees the samples and stops a download or decode in progress (the track changed). */
  drop() {
    this.dropped = true;
    this.controller.abort();
    this.samples = null;
  }
}

/** Min and max of `samples` for each of `width` pixel columns over [start, start + span] seconds. */
export function columnPeaks(samples, rate, start, span, width) {
  const min = new Float32Array(width);
  const max = new Float32Array(width);
  for (let x = 0; x < width; x += 1) {
    const from = Math.max(0, Math.floor((start + (x / width) * span) * rate));
    // At least one sample per column, so a window narrower than the canvas still joins up.
    const to = Math.min(samples.length, Math.max(from + 1, Math.ceil((start + ((x + 1) / width) * span) * rate)));
    let lo = 0;
    let hi = 0;
    for (let i = from; i < to; i += 1) {
      const v = samples[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[x] = lo;
    max[x] = hi;
  }
  return { min, max };
}
