// Short-term loudness curve (EBU R128, 3 s windows) drawn under the waveform,
// with the −14 LUFS streaming and −23 LUFS broadcast targets as guides.
import { prepareCanvas } from './dom.js';

const TARGETS = [{ lufs: -14, label: '−14 streaming' }, { lufs: -23, label: '−23 broadcast' }];

/** The vertical range to draw: the curve's span widened to include both targets. */
export function loudnessRange(values) {
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite.length) return null;
  const top = Math.max(-6, Math.ceil((Math.max(...finite) + 2) / 3) * 3);
  const bottom = Math.min(-30, Math.floor((Math.min(...finite) - 2) / 3) * 3);
  return { top, bottom };
}

/** Draws one track's short-term loudness on a canvas; hidden when the track has none. */
export class LoudnessCurve {
  constructor(canvas, figure) {
    this.canvas = canvas;
    this.figure = figure;
    this.loudness = null;
    this.duration = 0;
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Shows the loudness agent's result for a track of `duration` seconds (nothing for a failed agent). */
  setData(loudness, duration) {
    const usable = loudness && !loudness.error && Array.isArray(loudness.short_term_lufs)
      && loudness.short_term_lufs.some((v) => typeof v === 'number');
    this.loudness = usable ? loudness : null;
    this.duration = Number(duration) || 0;
    this.figure.hidden = !usable;
    if (usable) {
      const range = loudnessRange(loudness.short_term_lufs);
      this.canvas.setAttribute('aria-label',
        `Short-term loudness over time, ${range.bottom} to ${range.top} LUFS; integrated ${loudness.integrated_lufs ?? '–'} LUFS`);
    }
    this.draw();
  }

  clear() {
    this.setData(null, 0);
  }

  draw() {
    const canvas = this.canvas;
    if (!this.loudness) { delete canvas.dataset.drawn; return; }
    const { ctx, css, width, height, dpr } = prepareCanvas(canvas);
    const values = this.loudness.short_term_lufs;
    const { top, bottom } = loudnessRange(values);
    const y = (lufs) => ((top - lufs) / (top - bottom)) * height;
    ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
    ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
    ctx.strokeStyle = css.getPropertyValue('--wave-axis').trim() || '#999';
    ctx.lineWidth = Math.max(1, dpr);
    ctx.setLineDash([4 * dpr, 4 * dpr]);
    for (const target of TARGETS) {
      const ty = Math.round(y(target.lufs)) + 0.5;
      ctx.beginPath(); ctx.moveTo(0, ty); ctx.lineTo(width, ty); ctx.stroke();
      ctx.fillText(`${target.label} LUFS`, 4 * dpr, ty - 3 * dpr);
    }
    ctx.setLineDash([]);
    const interval = Number(this.loudness.short_term_interval_seconds) || 0.1;
    const total = this.duration > 0 ? this.duration : values.length * interval;
    ctx.strokeStyle = css.getPropertyValue('--loudness').trim() || '#0b7a75';
    ctx.lineWidth = Math.max(1.5, 2 * dpr);
    ctx.beginPath();
    let drawing = false;
    values.forEach((v, i) => {
      if (typeof v !== 'number') { drawing = false; return; }
      const x = (((i + 0.5) * interval) / total) * width;
      if (drawing) ctx.lineTo(x, y(v)); else ctx.moveTo(x, y(v));
      drawing = true;
    });
    ctx.stroke();
    canvas.dataset.drawn = 'true';
  }
}
