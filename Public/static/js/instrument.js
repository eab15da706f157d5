// The track's instruments working together: one time window (zoom and
// scroll) for the waveform, its ruler, the spectrogram and the overview
// strip; one playhead that follows the <audio> element; what the gestures
// mean (seek, loop a region, zoom), keyboard controls and read-outs of what is
// under the pointer.
import { byId, announce, formatTime } from './dom.js';
import { Timeline } from './timeline.js';
import { Waveform } from './waveform.js';
import { drawRuler, tickLabel } from './ruler.js';
import { Overview } from './overview.js';
import { SpectrogramView } from './spectrogram-view.js';
import { formatHz } from './spectrogram-scale.js';
import { LoopRegion } from './loop-region.js';
import { bindGestures } from './gestures.js';

/** Zoom step of the buttons and the +/− keys. */
const ZOOM_STEP = 2;
const BEAT_WORDS = { 1: 'beats', 4: 'bar lines (every 4th beat)', 16: 'every 4th bar line', 0: 'beats (zoom in to see them)' };

export class Instrument {
  constructor(audio) {
    this.audio = audio;
    this.timeline = new Timeline();
    this.loop = new LoopRegion(audio);
    this.waveform = new Waveform(byId('waveform'), this.timeline);
    this.waveform.onBeats = (every) => { byId('legend-beats').textContent = BEAT_WORDS[every] || 'beats'; };
    this.overview = new Overview(byId('overview-canvas'), byId('overview'), this.timeline, audio);
    this.spectrogram = new SpectrogramView(byId('spectrogram-canvas'), byId('spectrogram'), this.timeline);
    this.seek = byId('wave-seek');
    this.playheads = [byId('playhead'), byId('spec-playhead')];
    this.loopShades = [byId('wave-loop'), byId('spec-loop')];
    this.frame = 0;
    this.loopMark = null;
    // The decoded track for deep zoom (audio-detail.js), requested the first time a view needs it.
    this.detail = null;
    this.timeline.addEventListener('change', () => this.redraw());
    this.loop.addEventListener('change', () => this.showLoop());
    const rulers = new ResizeObserver(() => this.drawRulers());
    rulers.observe(byId('wave-ruler'));
    rulers.observe(byId('spec-ruler'));
    this.bindAudio();
    this.bindControls();
    const time = (x) => this.timeReadout(x);
    this.bindSurface(this.seek, false, time);
    this.bindSurface(byId('spec-wrap'), false, (x, y) => this.spectrumReadout(x, y));
    this.bindSurface(byId('wave-ruler'), true, time);
    this.bindSurface(byId('spec-ruler'), true, time);
  }

  /** A surface's gestures: on rulers any drag selects a loop, elsewhere only a shift-drag. */
  bindSurface(node, selects, readout) {
    const readoutNode = byId('readout');
    bindGestures(node, this.timeline, {
      selects,
      seek: (t) => this.seekOutsideLoop(t),
      drag: (t) => this.seekTo(t),
      preview: (a, b) => (a === null ? this.showLoop() : this.showLoop(Math.min(a, b), Math.max(a, b))),
      select: (a, b) => this.setLoop(a, b),
      hover: (x, y) => { readoutNode.textContent = x === null ? '' : readout(x, y); },
      onDragging: (dragging) => { this.dragging = dragging; },
    });
  }

  get duration() {
    const d = this.audio.duration;
    return this.timeline.duration > 0 ? this.timeline.duration : (Number.isFinite(d) && d > 0 ? d : 0);
  }

  clear() {
    this.dropDetail();
    this.setNoSignal(false);
    this.loop.clear();
    this.loopMark = null;
    this.waveform.clear();
    this.overview.setData(null);
    this.timeline.reset(0);
    byId('spectrogram').removeAttribute('src');
    delete byId('spectrogram').dataset.loaded;
    this.redraw();
  }

  /** Shows a track's peaks and rhythm markers; the whole track is visible. */
  setData(wave, rhythm) {
    // The same track reloaded (the connection came back) keeps its zoom; open() cleared it for a new one.
    const duration = Number(wave && wave.duration) || 0;
    if (duration !== this.timeline.duration) this.timeline.reset(duration);
    this.seek.setAttribute('aria-valuemax', String(Math.round(this.timeline.duration)));
    this.waveform.setData(wave, rhythm);
    this.overview.setData(wave);
    byId('instrument-tools').hidden = false;
    this.redraw();
  }

  /** A track below the no-signal floor: both views say so instead of drawing noise. */
  setNoSignal(noSignal) {
    this.waveform.noSignal = noSignal;
    this.spectrogram.setNoSignal(noSignal);
    this.waveform.draw();
  }

  /**
   * Zoomed past what the stored peaks or the spectrogram picture resolve:
   * decodes the track once (its modules load only now) and hands the samples
   * to both views. Long tracks keep the stretched views: their samples would
   * cost too much memory.
   */
  requestDetail() {
    if (this.detail || !(this.waveform.wantsDetail || this.spectrogram.wantsDetail)) return;
    const url = this.audio.getAttribute('src');
    const duration = this.timeline.duration;
    if (!url || !(duration > 0)) return;
    const request = { url, cancelled: false };
    this.detail = request;
    Promise.all([import('./audio-detail.js'), import('./spectrogram-detail.js')]).then(([audio, spectrogram]) => {
      if (request.cancelled || duration > audio.MAX_DETAIL_SECONDS) return null;
      request.source = new audio.AudioDetail(url);
      return request.source.ready.then((source) => {
        if (request.cancelled || !source) return;
        this.waveform.detail = { samples: source.samples, sampleRate: source.sampleRate, columnPeaks: audio.columnPeaks };
        this.spectrogram.setDetail(source, spectrogram.renderWindow);
        this.waveform.draw();
      });
    }).catch(() => { /* modules or audio unavailable: the stretched views stay */ });
  }

  /** Frees the decoded samples (another track, or none). */
  dropDetail() {
    if (this.detail) {
      this.detail.cancelled = true;
      if (this.detail.source) this.detail.source.drop();
    }
    this.detail = null;
    this.waveform.detail = null;
    this.spectrogram.setDetail(null);
  }

  redraw() {
    this.requestDetail();
    this.waveform.draw();
    this.spectrogram.draw();
    this.overview.draw();
    this.drawRulers();
    this.showLoop();
    this.updatePlayhead();
    const zoom = this.timeline.zoom;
    byId('zoom-level').textContent = `${zoom < 10 ? zoom.toFixed(1).replace(/\.0$/, '') : Math.round(zoom)}×`;
    const whole = !(zoom > 1.001);
    // A button that becomes disabled drops keyboard focus: hand it to Zoom in first.
    if (whole && ['zoom-out', 'zoom-fit'].includes(document.activeElement && document.activeElement.id)) byId('zoom-in').focus();
    byId('zoom-out').disabled = whole;
    byId('zoom-fit').disabled = whole;
  }

  drawRulers() {
    const { duration, start, end } = this.timeline;
    const shown = this.waveform.data && duration > 0;
    for (const id of ['wave-ruler', 'spec-ruler']) {
      const ruler = byId(id);
      if (shown) drawRuler(ruler, duration, start, end); else delete ruler.dataset.drawn;
    }
  }

  // Playback --------------------------------------------------------------

  bindAudio() {
    const update = () => this.updatePlayhead();
    for (const type of ['timeupdate', 'seeked', 'loadedmetadata', 'pause']) this.audio.addEventListener(type, update);
    this.audio.addEventListener('play', () => this.animate());
  }

  togglePlay() {
    if (!this.audio.getAttribute('src')) return;
    if (this.audio.paused) this.audio.play().catch(() => { /* no source yet or playback refused: the controls show it */ });
    else this.audio.pause();
  }

  animate() {
    cancelAnimationFrame(this.frame);
    const step = () => {
      this.loop.keepInside();
      // The window follows a playhead that runs (or loops) out of it, not one the user scrolled away from.
      if (!this.dragging && this.playheadShown) this.timeline.follow(this.audio.currentTime || 0);
      this.updatePlayhead();
      this.overview.draw();
      if (!this.audio.paused && !this.audio.ended) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  seekTo(seconds) {
    const total = this.duration;
    if (!(total > 0)) return;
    const t = Math.max(0, Math.min(total, seconds));
    try { this.audio.currentTime = t; } catch { /* not seekable yet */ }
    // A key can seek off screen: bring the playhead back into the window.
    this.timeline.follow(t);
    this.updatePlayhead(t);
  }

  updatePlayhead(time = this.audio.currentTime || 0) {
    const fraction = this.timeline.span > 0 ? this.timeline.fractionOf(time) : 0;
    const visible = fraction >= 0 && fraction <= 1;
    this.playheadShown = visible;
    for (const line of this.playheads) {
      line.hidden = !visible;
      line.style.left = `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(3)}%`;
    }
    this.seek.setAttribute('aria-valuenow', String(Math.round(time)));
    this.seek.setAttribute('aria-valuetext', `${formatTime(time)} of ${formatTime(this.duration)}`);
  }

  // Zoom, toggles and keys --------------------------------------------------

  zoomIn() { this.timeline.zoomBy(ZOOM_STEP, this.zoomAnchor()); }

  zoomOut() { this.timeline.zoomBy(1 / ZOOM_STEP, this.zoomAnchor()); }

  fit() { this.timeline.show(0, this.timeline.duration); }

  /** Keys zoom around the playhead when it is on screen, else around the middle. */
  zoomAnchor() {
    const t = this.audio.currentTime || 0;
    return t >= this.timeline.start && t <= this.timeline.end ? t : undefined;
  }

  bindControls() {
    byId('zoom-in').addEventListener('click', () => this.zoomIn());
    byId('zoom-out').addEventListener('click', () => this.zoomOut());
    byId('zoom-fit').addEventListener('click', () => this.fit());
    byId('show-beats').addEventListener('change', (e) => { this.waveform.showBeats = e.target.checked; this.waveform.draw(); });
    byId('show-onsets').addEventListener('change', (e) => { this.waveform.showOnsets = e.target.checked; this.waveform.draw(); });
    byId('loop-clear').addEventListener('click', () => { this.loop.clear(); announce('Loop cleared'); this.seek.focus(); });
    this.seek.addEventListener('keydown', (e) => this.onSeekKey(e));
  }

  onSeekKey(e) {
    const now = this.audio.currentTime || 0;
    // Arrow steps shrink with the zoom so they stay a small move on screen.
    const step = Math.min(5, this.timeline.span > 0 ? this.timeline.span / 10 : 5);
    const page = Math.min(30, this.timeline.span > 0 ? this.timeline.span / 2 : 30);
    const steps = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step, PageDown: -page, PageUp: page };
    if (e.key in steps) this.seekTo(now + steps[e.key]);
    else if (e.key === 'Home') this.seekTo(0);
    else if (e.key === 'End') this.seekTo(this.duration);
    else if (e.key === 'Enter') this.togglePlay();
    else if (e.key === '[') this.markLoopStart(now);
    else if (e.key === ']') this.markLoopEnd(now);
    else if (e.key === 'Escape' && this.loop.active) { this.loop.clear(); announce('Loop cleared'); } else return;
    e.preventDefault();
  }

  /** A seek outside the loop means the listener is done with it. */
  seekOutsideLoop(t) {
    if (this.loop.active && (t < this.loop.start || t > this.loop.end)) this.loop.clear();
    this.seekTo(t);
  }

  setLoop(a, b) {
    this.loop.set(a, b);
    // Too short to keep: take the dragged preview away.
    if (!this.loop.active) { this.showLoop(); return; }
    this.seekTo(this.loop.start);
    announce(`Looping ${tickLabel(this.loop.start, 0.1)} to ${tickLabel(this.loop.end, 0.1)}`);
  }

  /** The keyboard's way to loop: [ marks the start at the playhead, ] the end. */
  markLoopStart(t) {
    this.loopMark = t;
    if (this.loop.active && t < this.loop.end) this.loop.set(t, this.loop.end);
    announce(`Loop start at ${tickLabel(t, 0.1)}; press ] at the end`);
  }

  markLoopEnd(t) {
    const start = this.loopMark ?? (this.loop.active ? this.loop.start : null);
    if (start === null || t <= start) { announce('Press [ at the loop’s start first'); return; }
    this.loopMark = null;
    this.setLoop(start, t);
  }

  showLoop(start = this.loop.start, end = this.loop.end) {
    const shown = start !== null && end !== null && end > start && this.timeline.span > 0;
    for (const shade of this.loopShades) {
      shade.hidden = !shown;
      if (!shown) continue;
      const left = Math.max(0, this.timeline.fractionOf(start));
      const right = Math.min(1, this.timeline.fractionOf(end));
      shade.hidden = right <= left;
      shade.style.left = `${(left * 100).toFixed(3)}%`;
      shade.style.width = `${((right - left) * 100).toFixed(3)}%`;
    }
    // The loop's bounds in seconds, for tests and tools that read the page.
    const shade = this.loopShades[0];
    if (this.loop.active) Object.assign(shade.dataset, { start: this.loop.start.toFixed(3), end: this.loop.end.toFixed(3) });
    else { delete shade.dataset.start; delete shade.dataset.end; }
    byId('loop-clear').hidden = !this.loop.active;
    byId('loop-label').textContent = this.loop.active
      ? `Loop ${tickLabel(this.loop.start, 0.1)}–${tickLabel(this.loop.end, 0.1)}` : '';
  }

  // Read-outs ---------------------------------------------------------------

  timeReadout(x) {
    return this.timeline.span > 0 ? tickLabel(this.timeline.timeAt(x), 0.01) : '';
  }

  spectrumReadout(x, y) {
    if (!this.spectrogram.ready) return '';
    const { hz, db } = this.spectrogram.readingAt(x, y);
    const level = db === null ? '' : ` · ${Math.round(db)} dB`;
    return `${this.timeReadout(x)} · ${formatHz(hz)}${level}`;
  }
}
