// The spectrogram as an instrument: the server's PNG drawn for the visible
// window on a canvas, a labelled log-frequency axis, and read-outs of the
// frequency and level under the pointer. Zoomed in past the PNG's columns,
// the window is computed from the decoded samples instead (once they are
// there; the stretched PNG stands in meanwhile). A track below the no-signal
// floor is drawn black with "No signal", not as stretched noise.
import { prepareCanvas } from './dom.js';
import { FREQUENCY_TICKS, NYQUIST_HZ, dbOfColour, formatHz, fractionOfHz, hzAt } from './spectrogram-scale.js';

/** Draws `image` (the whole track, time left to right) cropped to `timeline`'s window. */
export class SpectrogramView {
  constructor(canvas, image, timeline) {
    this.canvas = canvas;
    this.image = image;
    this.timeline = timeline;
    this.pixels = null;
    this.noSignal = false;
    // The decoded track and the module that renders a window from it (see setDetail).
    this.detail = null;
    this.rendered = null;
    this.job = null;
    image.addEventListener('load', () => { this.pixels = null; this.draw(); });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  get ready() { return this.image.complete && this.image.naturalWidth > 0 && this.timeline.duration > 0; }

  /** Samples to render zoomed windows from (`{ samples, sampleRate }`) and the renderer; null drops them. */
  setDetail(detail, renderWindow) {
    this.cancelJob();
    this.detail = detail && detail.samples ? { samples: detail.samples, rate: detail.sampleRate, renderWindow } : null;
    this.rendered = null;
    this.draw();
  }

  setNoSignal(noSignal) {
    this.noSignal = noSignal;
    this.draw();
  }

  /** True when the window holds fewer of the PNG's columns than the canvas has CSS pixels. */
  get wantsDetail() {
    const { span, duration } = this.timeline;
    return !this.noSignal && duration > 0 && this.image.naturalWidth > 0
      && (span / duration) * this.image.naturalWidth < this.canvas.clientWidth;
  }

  cancelJob() {
    if (this.job) this.job.cancel();
    this.job = null;
  }

  draw() {
    const { ctx, width, height, dpr } = prepareCanvas(this.canvas);
    if (this.noSignal && this.timeline.duration > 0) { this.drawNoSignal(ctx, width, height, dpr); return; }
    delete this.canvas.dataset.reading;
    if (!this.ready) { this.cancelJob(); delete this.canvas.dataset.drawn; return; }
    const { naturalWidth: w, naturalHeight: h } = this.image;
    const { start, span, duration } = this.timeline;
    if (this.detail && this.wantsDetail) {
      const key = `${start}|${span}|${width}|${height}`;
      if (this.rendered && this.rendered.key === key) {
        ctx.putImageData(this.rendered.image, 0, 0);
        this.drawAxis(ctx, height, dpr);
        this.canvas.dataset.drawn = 'true';
        this.canvas.dataset.resolution = 'audio';
        return;
      }
      // One window at a time: a newer window (zoom, scroll, resize) cancels the one being computed.
      if (!this.job || this.job.key !== key) {
        this.cancelJob();
        const job = { key };
        job.cancel = this.detail.renderWindow(this.detail.samples, this.detail.rate, start, span, width, height, (image) => {
          if (this.job !== job) return;
          this.job = null;
          // Kept as a canvas too, so the next window can show it scaled while its own is computed.
          const copy = document.createElement('canvas');
          copy.width = image.width;
          copy.height = image.height;
          copy.getContext('2d').putImageData(image, 0, 0);
          this.rendered = { key, image, canvas: copy, start, span };
          this.pixels = null;
          this.draw();
        });
        this.job = job;
      }
    } else {
      this.cancelJob();
    }
    this.canvas.dataset.resolution = 'image';
    const sx = (start / duration) * w;
    const sw = Math.max(0.5, (span / duration) * w);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image, sx, 0, sw, h, 0, 0, width, height);
    // While a new window is computed, the last computed one stands in where it overlaps:
    // a scroll or a small zoom step does not fall back to the blurred picture.
    const last = this.job && this.rendered;
    if (last) ctx.drawImage(last.canvas, ((last.start - start) / span) * width, 0, (last.span / span) * width, height);
    this.drawAxis(ctx, height, dpr);
    this.canvas.dataset.drawn = 'true';
  }

  /** Black, as the fixed floor draws silence, with the words: nothing is there to colour. */
  drawNoSignal(ctx, width, height, dpr) {
    this.cancelJob();
    ctx.fillStyle = '#000004';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.font = `${Math.round(14 * dpr)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('No signal', width / 2, height / 2);
    ctx.textAlign = 'start';
    this.drawAxis(ctx, height, dpr);
    this.canvas.dataset.drawn = 'true';
    this.canvas.dataset.reading = 'no-signal';
  }

  drawAxis(ctx, height, dpr) {
    ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (const hz of FREQUENCY_TICKS) {
      if (hz >= NYQUIST_HZ) continue;
      // Kept clear of the edges so the top and bottom labels are not cut.
      const y = Math.max(8 * dpr, Math.min(height - 8 * dpr, Math.round((1 - fractionOfHz(hz)) * (height - 1))));
      const text = formatHz(hz);
      const w = ctx.measureText(text).width;
      // Labels sit on a dark plate so they read over any colour of the map.
      ctx.fillStyle = 'rgb(0 0 0 / 62%)';
      ctx.fillRect(0, y - 7 * dpr, w + 10 * dpr, 14 * dpr);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, y, 4 * dpr, Math.max(1, dpr));
      ctx.fillText(text, 6 * dpr, y);
    }
  }

  /** Frequency, and the level read back from the image, at a point given as fractions of the canvas. */
  readingAt(xFraction, yFraction) {
    const hz = hzAt(1 - yFraction);
    if (!this.ready || this.noSignal) return { hz, db: null };
    // The computed window, when it is what the canvas shows.
    if (this.canvas.dataset.resolution === 'audio' && this.rendered) {
      const { image } = this.rendered;
      const x = Math.max(0, Math.min(image.width - 1, Math.floor(xFraction * image.width)));
      const y = Math.max(0, Math.min(image.height - 1, Math.round(yFraction * (image.height - 1))));
      const i = (y * image.width + x) * 4;
      return { hz, db: dbOfColour(image.data[i], image.data[i + 1], image.data[i + 2]) };
    }
    const pixels = this.imagePixels();
    const { naturalWidth: w, naturalHeight: h } = this.image;
    const t = this.timeline.timeAt(xFraction);
    const x = Math.max(0, Math.min(w - 1, Math.floor((t / this.timeline.duration) * w)));
    const y = Math.max(0, Math.min(h - 1, Math.round(yFraction * (h - 1))));
    if (!pixels) return { hz, db: null };
    const i = (y * w + x) * 4;
    return { hz, db: dbOfColour(pixels[i], pixels[i + 1], pixels[i + 2]) };
  }

  /** The PNG's RGBA bytes, read once per image (null if the browser will not give them). */
  imagePixels() {
    if (this.pixels !== null) return this.pixels || null;
    try {
      const { naturalWidth: w, naturalHeight: h } = this.image;
      const copy = document.createElement('canvas');
      copy.width = w;
      copy.height = h;
      const ctx = copy.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(this.image, 0, 0);
      this.pixels = ctx.getImageData(0, 0, w, h).data;
    } catch {
      // A cross-origin image cannot be read; the frequency read-out still works.
      this.pixels = false;
    }
    return this.pixels || null;
  }
}
