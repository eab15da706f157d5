// A selected stretch of the track that playback repeats: when the playhead
// passes its end it jumps back to its start.

/** Shortest loop worth keeping, in seconds: a shorter drag was meant as a click. */
export const MIN_LOOP_SECONDS = 0.05;

export class LoopRegion extends EventTarget {
  constructor(audio) {
    super();
    this.audio = audio;
    this.start = null;
    this.end = null;
    audio.addEventListener('timeupdate', () => this.keepInside());
  }

  get active() { return this.start !== null && this.end - this.start >= MIN_LOOP_SECONDS; }

  /** Sets the loop from two instants in any order; a too-short one clears it. */
  set(a, b) {
    this.start = Math.min(a, b);
    this.end = Math.max(a, b);
    if (!this.active) { this.clear(); return; }
    this.dispatchEvent(new Event('change'));
  }

  clear() {
    const had = this.start !== null;
    this.start = null;
    this.end = null;
    if (had) this.dispatchEvent(new Event('change'));
  }

  /** Called on every time update and animation frame while playing. */
  keepInside() {
    if (!this.active || this.audio.paused) return;
    const t = this.audio.currentTime;
    if (t >= this.end) {
      try { this.audio.currentTime = this.start; } catch { /* not seekable yet: the next update tries again */ }
    }
  }
}
