// The open track: header, audio player, waveform with markers, spectrogram,
// summary card and the raw analysis JSON.
import { byId, el, formatTime, formatBytes } from './dom.js';
import { badge } from './tracks.js';
import { Waveform, pointsFor } from './waveform.js';
import { renderSummary } from './summary.js';
import { LoudnessCurve } from './loudness.js';

/** Shows one track; `load(id)` fetches it, `statusChanged` follows the socket. */
export class TrackView {
  constructor(api, { onTrack, onError }) {
    this.api = api;
    this.onTrack = onTrack;
    this.onError = onError;
    this.id = null;
    this.track = null;
    this.loadedReady = false;
    this.root = byId('track-view');
    this.audio = byId('player');
    this.waveform = new Waveform(byId('waveform'), byId('playhead'), byId('wave-seek'), this.audio);
    this.loudness = new LoudnessCurve(byId('loudness'), byId('loudness-figure'));
    // Signed media URLs expire: on a load error fetch the track once more for fresh ones.
    this.audio.addEventListener('error', () => {
      if (this.id && this.track && this.audio.getAttribute('src') && !this.urlRetried) {
        this.urlRetried = true;
        this.audio.removeAttribute('src');
        this.reload();
      }
    });
    const img = byId('spectrogram');
    img.addEventListener('load', () => { img.dataset.loaded = 'true'; });
    img.addEventListener('error', () => { byId('spectrogram-figure').hidden = true; });
  }

  /** Opens a track; the chat socket supplies live status afterwards. */
  async open(id) {
    this.id = id;
    this.track = null;
    this.loadedReady = false;
    this.readySeen = false;
    this.urlRetried = false;
    this.root.hidden = false;
    byId('track-title').textContent = 'Loading…';
    byId('track-meta').textContent = '';
    this.setMessage('');
    badge('pending', byId('track-badge')).hidden = true;
    this.audio.removeAttribute('src');
    this.audio.load();
    this.waveform.clear();
    this.loudness.clear();
    byId('wave-legend').hidden = true;
    byId('spectrogram-figure').hidden = true;
    byId('spectrogram').removeAttribute('src');
    delete byId('spectrogram').dataset.loaded;
    byId('summary-card').hidden = true;
    await this.reload();
  }

  close() {
    this.id = null;
    this.track = null;
    this.audio.pause();
    this.root.hidden = true;
  }

  async reload() {
    const id = this.id;
    let track;
    try {
      track = await this.api.track(id);
    } catch (err) {
      if (id !== this.id) return;
      if (err.status === 404) this.notFound(); else this.onError(err);
      return;
    }
    if (id !== this.id) return;
    this.show(track);
    if (track.status === 'ready') await this.showAnalysis(track);
    else if (this.readySeen) {
      // The socket said "ready" while this request was in flight.
      this.readySeen = false;
      await this.reload();
    }
  }

  show(track) {
    this.track = track;
    const name = track.original_filename || track.filename || track.track_id;
    byId('track-title').textContent = name;
    const meta = [
      typeof track.duration === 'number' ? formatTime(track.duration) : null,
      track.sample_rate ? `${(track.sample_rate / 1000).toFixed(1)} kHz` : null,
      track.channels ? (track.channels === 1 ? 'mono' : track.channels === 2 ? 'stereo' : `${track.channels} ch`) : null,
      track.format ? String(track.format).toUpperCase() : null,
      track.size ? formatBytes(track.size) : null,
    ].filter(Boolean).join(' · ');
    byId('track-meta').textContent = meta;
    this.setStatus(track.status, track.status_message || '');
    if (track.url && this.audio.getAttribute('src') !== track.url) {
      this.audio.src = track.url;
    }
    this.onTrack(track);
  }

  async showAnalysis(track) {
    this.loadedReady = true;
    const analysis = track.analysis || {};
    const card = byId('summary-card');
    byId('summary').replaceChildren(...renderSummary(analysis));
    byId('analysis-json').textContent = JSON.stringify(analysis, null, 2);
    card.hidden = false;
    this.loudness.setData(analysis.loudness, track.duration);
    if (track.spectrogram_url) {
      byId('spectrogram').src = track.spectrogram_url;
      byId('spectrogram-figure').hidden = false;
    }
    const id = track.track_id;
    try {
      const wave = await this.api.waveform(id, pointsFor(byId('waveform').clientWidth || 800));
      if (id !== this.id) return;
      this.waveform.setData(wave, analysis.rhythm && !analysis.rhythm.error ? analysis.rhythm : null);
      byId('wave-legend').hidden = false;
    } catch (err) {
      if (id === this.id) this.setMessage(`Waveform unavailable: ${err.message}`);
    }
  }

  /** Applies a status pushed by the socket; loads the analysis once ready. */
  statusChanged(status, message) {
    if (!this.id) return;
    this.setStatus(status, message);
    if (status !== 'ready' || this.loadedReady) return;
    if (this.track) this.reload(); else this.readySeen = true;
  }

  setStatus(status, message) {
    const node = badge(status, byId('track-badge'));
    node.hidden = false;
    this.setMessage(status === 'ready' && message === 'Analysis complete' ? '' : message);
    if (this.track) this.track.status = status;
  }

  setMessage(text, kind) {
    const node = byId('track-message');
    node.textContent = text;
    node.className = `track-message${kind ? ` is-${kind}` : ''}`;
  }

  notFound() {
    byId('track-title').textContent = 'Track not found';
    byId('track-badge').hidden = true;
    this.setMessage('This track does not exist or was deleted.', 'error');
  }
}
