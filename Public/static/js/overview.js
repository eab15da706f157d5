// The overview strip: the whole track in miniature with the visible window
// outlined. Dragging it, clicking beside it or the arrow keys scroll the
// waveform and spectrogram; it is a slider for assistive technology.
import { formatTime, prepareCanvas } from './dom.js';

export class Overview {
  constructor(canvas, slider, timeline, audio) {
    this.canvas = canvas;
    this.slider = slider;
    this.timeline = timeline;
    this.audio = audio;
    this.data = null;
    new ResizeObserver(() => this.draw()).observe(canvas);
    this.bind();
  }

  setData(data) {
    this.data = data;
    this.draw();
  }

  bind() {
    let grab = null;
    const timeAt = (e) => {
      const rect = this.slider.getBoundingClientRect();
      return rect.width > 0 ? ((e.clientX - rect.left) / rect.width) * this.timeline.duration : 0;
    };
    this.slider.addEventListener('pointerdown', (e) => {
      if (!(this.timeline.duration > 0)) return;
      const t = timeAt(e);
      const inside = t >= this.timeline.start && t <= this.timeline.end;
      // Grabbing the window keeps the grip point under the pointer; elsewhere the window jumps there.
      grab = inside ? t - this.timeline.start : this.timeline.span / 2;
      this.timeline.show(t - grab, t - grab + this.timeline.span);
      this.slider.setPointerCapture(e.pointerId);
    });
    this.slider.addEventListener('pointermove', (e) => {
      if (grab === null) return;
      const t = timeAt(e);
      this.timeline.show(t - grab, t - grab + this.timeline.span);
    });
    const release = () => { grab = null; };
    this.slider.addEventListener('pointerup', release);
    this.slider.addEventListener('pointercancel', release);
    this.slider.addEventListener('keydown', (e) => {
      const span = this.timeline.span;
      const moves = { ArrowLeft: -0.25, ArrowDown: -0.25, ArrowRight: 0.25, ArrowUp: 0.25, PageDown: -1, PageUp: 1 };
      if (e.key in moves) this.timeline.panBy(moves[e.key] * span);
      else if (e.key === 'Home') this.timeline.show(0, span);
      else if (e.key === 'End') this.timeline.show(this.timeline.duration - span, this.timeline.duration);
      else return;
      e.preventDefault();
    });
  }

  draw() {
    const { ctx, css, width, height } = prepareCanvas(this.canvas);
    const { start, end, duration } = this.timeline;
    this.slider.setAttribute('aria-valuemax', String(Math.round(duration)));
    this.slider.setAttribute('aria-valuenow', String(Math.round(start)));
    this.slider.setAttribute('aria-valuetext', `Showing ${formatTime(start)} to ${formatTime(end)} of ${formatTime(duration)}`);
    if (!this.data || !Array.isArray(this.data.min) || !(duration > 0)) return;
    const { min, max } = this.data;
    const n = Math.min(min.length, max.length);
    const mid = height / 2;
    ctx.fillStyle = css.getPropertyValue('--wave-fill').trim() || '#88c';
    for (let x = 0; x < width; x += 1) {
      let lo = 0;
      let hi = 0;
      for (let i = Math.floor((x / width) * n); i < Math.floor(((x + 1) / width) * n) && i < n; i += 1) {
        if (min[i] < lo) lo = min[i];
        if (max[i] > hi) hi = max[i];
      }
      ctx.fillRect(x, mid - hi * mid, 1, Math.max(1, (hi - lo) * mid));
    }
    // The window: the rest is dimmed, the window outlined in the accent colour.
    const x0 = (start / duration) * width;
    const x1 = Math.max(x0 + 2, (end / duration) * width);
    ctx.fillStyle = css.getPropertyValue('--overview-dim').trim() || 'rgb(0 0 0 / 25%)';
    ctx.fillRect(0, 0, x0, height);
    ctx.fillRect(x1, 0, width - x1, height);
    ctx.strokeStyle = css.getPropertyValue('--accent').trim() || '#33c';
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 + 1, 1, x1 - x0 - 2, height - 2);
    const now = this.audio.currentTime || 0;
    ctx.fillStyle = css.getPropertyValue('--text').trim() || '#000';
    ctx.fillRect(Math.round((now / duration) * width), 0, 1, height);
    this.canvas.dataset.drawn = 'true';
  }
}
