// The open track: header, audio player, the waveform and spectrogram
// instruments, summary card with downloads and the raw analysis JSON. A failed
// load shows "Couldn't load — Retry" in the card; reload() is also called when
// the connection comes back. Loaded on first use: the signed-out page and the
// track list do not need it.
import { byId, formatTime, formatBytes } from './dom.js';
import { badge } from './tracks.js';
import { pointsFor } from './waveform.js';
import { Instrument } from './instrument.js';
import { renderSummary } from './summary.js';
import { isSilent } from './readings.js';
import { LoudnessCurve } from './loudness.js';
import { bindExport } from './export.js';

/** Shows one track; `load(id)` fetches it, `statusChanged` follows the socket. */
export class TrackView {
  constructor(api, { onTrack, onError }) {
    this.api = api;
    this.onTrack = onTrack;
    this.onError = onError;
    this.id = null;
    this.track = null;
    this.loadedReady = false;
    this.loading = null;
    this.root = byId('track-view');
    byId('track-retry').addEventListener('click', () => this.reload());
    this.audio = byId('player');
    this.instrument = new Instrument(this.audio);
    bindExport({ json: byId('export-json'), beats: byId('export-beats'), onsets: byId('export-onsets') },
      () => (this.track && this.track.status === 'ready' ? this.track : null));
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
    img.addEventListener('load', () => {
      img.dataset.loaded = 'true';
      byId('spectrogram-figure').hidden = false;
      byId('spectrogram-load-failed').hidden = true;
    });
    img.addEventListener('error', () => {
      // An <img> says nothing about why; an empty src (cleared for the next track) is no failure.
      if (!img.getAttribute('src') || !this.id) return;
      byId('spectrogram-figure').hidden = true;
      this.partFailed('spectrogram', 'the picture could not be downloaded.');
    });
    byId('wave-retry').addEventListener('click', () => this.retryWaveform());
    byId('spectrogram-retry').addEventListener('click', () => this.retrySpectrogram());
  }

  /** A failed waveform or spectrogram says so in place, with Retry, like the track card. */
  partFailed(part, reason) {
    byId(`${part}-load-reason`).textContent = reason;
    byId(part === 'wave' ? 'wave-load-failed' : 'spectrogram-load-failed').hidden = false;
  }

  async retryWaveform() {
    if (!this.track || this.track.status !== 'ready') return;
    byId('wave-load-failed').hidden = true;
    await this.loadWaveform(this.track);
  }

  /** Asks for the track again: the picture's signed URL may have expired. */
  async retrySpectrogram() {
    const id = this.id;
    if (!id) return;
    byId('spectrogram-load-failed').hidden = true;
    try {
      const track = await this.api.track(id);
      if (id !== this.id) return;
      const img = byId('spectrogram');
      img.removeAttribute('src');
      if (track.spectrogram_url) img.src = track.spectrogram_url;
    } catch (err) {
      if (id === this.id) this.partFailed('spectrogram', err.status === 0 ? 'the server could not be reached.' : err.message);
    }
  }

  /** Opens a track; the chat socket supplies live status afterwards. */
  async open(id) {
    this.id = id;
    this.track = null;
    this.loadedReady = false;
    this.readySeen = false;
    this.socketStatus = null;
    this.urlRetried = false;
    this.root.hidden = false;
    this.setLoadState('loading');
    byId('track-title').textContent = 'Loading…';
    byId('track-meta').textContent = '';
    this.setMessage('');
    badge('pending', byId('track-badge')).hidden = true;
    this.audio.removeAttribute('src');
    this.audio.load();
    byId('track-load-failed').hidden = true;
    this.instrument.clear();
    this.loudness.clear();
    byId('wave-legend').hidden = true;
    byId('instrument-tools').hidden = true;
    byId('spectrogram-figure').hidden = true;
    byId('wave-load-failed').hidden = true;
    byId('spectrogram-load-failed').hidden = true;
    byId('track-title').removeAttribute('title');
    byId('summary-card').hidden = true;
    await this.reload();
  }

  close() {
    this.id = null;
    this.track = null;
    this.audio.pause();
    this.root.hidden = true;
  }

  /** True while the view shows nothing trustworthy: never loaded, or the last load failed.
   *  A load still in flight is not counted: it will show the track, and fetching it again doubles every request. */
  get needsReload() {
    return Boolean(this.id) && !this.loading && (this.root.dataset.load === 'failed' || !this.track);
  }

  /** The server is reachable again: reload if nothing is shown, or once the load in flight has failed. */
  recover({ always = false } = {}) {
    if (!this.id) return;
    if (this.loading && !always) { this.retryIfFailed = true; return; }
    if (always || this.needsReload) this.reload();
  }

  /** Fetches the track again; concurrent calls share one request and the last one wins. */
  reload() {
    if (!this.id) return Promise.resolve();
    if (this.loading) { this.loadAgain = true; return this.loading; }
    this.loading = this.load().finally(() => {
      this.loading = null;
      const retry = this.retryIfFailed && this.root.dataset.load === 'failed';
      this.retryIfFailed = false;
      if (this.loadAgain || retry) { this.loadAgain = false; this.reload(); }
    });
    return this.loading;
  }

  async load() {
    const id = this.id;
    let track;
    if (this.root.dataset.load === 'failed') this.setLoadState('loading');
    try {
      track = await this.api.track(id);
    } catch (err) {
      if (id !== this.id) return;
      if (err.status === 404) this.notFound(); else this.loadFailed(err);
      return;
    }
    if (id !== this.id) return;
    this.setLoadState('loaded');
    this.show(track);
    if (track.status === 'ready') await this.showAnalysis(track);
    else if (this.readySeen) {
      // The socket said "ready" while this request was in flight.
      this.readySeen = false;
      this.loadAgain = true;
    }
  }

  show(track) {
    this.track = track;
    const name = track.original_filename || track.filename || track.track_id;
    byId('track-title').textContent = name;
    // The heading is cut to one line: the full name on hover.
    byId('track-title').title = name;
    const meta = [
      typeof track.duration === 'number' ? formatTime(track.duration) : null,
      track.sample_rate ? `${(track.sample_rate / 1000).toFixed(1)} kHz` : null,
      track.channels ? (track.channels === 1 ? 'mono' : track.channels === 2 ? 'stereo' : `${track.channels} ch`) : null,
      track.format ? String(track.format).toUpperCase() : null,
      track.size ? formatBytes(track.size) : null,
    ].filter(Boolean).join(' · ');
    byId('track-meta').textContent = meta;
    // The socket may know a newer status than this response.
    const status = this.socketStatus && this.socketStatus.status === 'analyzing' && track.status === 'pending'
      ? this.socketStatus : { status: track.status, message: track.status_message || '' };
    this.setStatus(status.status, status.message);
    // Signed URLs differ on every response: keep the playing one unless it failed (see the error handler).
    if (track.url && !this.audio.getAttribute('src')) this.audio.src = track.url;
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
    this.instrument.setNoSignal(isSilent(analysis));
    const rhythm = analysis.rhythm && !analysis.rhythm.error ? analysis.rhythm : null;
    byId('export-beats').disabled = !(rhythm && Array.isArray(rhythm.beat_times) && rhythm.beat_times.length);
    byId('export-onsets').disabled = !(rhythm && Array.isArray(rhythm.onset_times) && rhythm.onset_times.length);
    // The figure is shown once the picture has loaded, so the spectrogram never sits there empty.
    if (track.spectrogram_url && byId('spectrogram').dataset.loaded !== 'true') byId('spectrogram').src = track.spectrogram_url;
    await this.loadWaveform(track);
  }

  async loadWaveform(track) {
    const id = track.track_id;
    const analysis = track.analysis || {};
    const rhythm = analysis.rhythm && !analysis.rhythm.error ? analysis.rhythm : null;
    try {
      const wave = await this.api.waveform(id, pointsFor(byId('waveform').clientWidth || 800));
      if (id !== this.id) return;
      byId('wave-load-failed').hidden = true;
      this.instrument.setData(wave, rhythm);
      byId('wave-legend').hidden = false;
    } catch (err) {
      if (id === this.id) this.partFailed('wave', err.status === 0 ? 'the server could not be reached.' : err.message);
    }
  }

  /** Applies a status pushed by the socket; loads the analysis once ready. */
  statusChanged(status, message) {
    if (!this.id) return;
    this.socketStatus = { status, message };
    // Nothing shown yet (loading, or the load failed): the badge must not claim a state.
    if (!this.track) { if (status === 'ready') this.readySeen = true; return; }
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

  setLoadState(state) {
    this.root.dataset.load = state;
    if (state !== 'failed') byId('track-load-failed').hidden = true;
  }

  loadFailed(err) {
    this.setLoadState('failed');
    byId('track-badge').hidden = true;
    if (!this.track) byId('track-title').textContent = 'Track';
    const reason = err.status === 0 ? 'the server could not be reached.' : err.message;
    byId('track-load-reason').textContent = reason;
    byId('track-load-failed').hidden = false;
  }

  notFound() {
    this.setLoadState('not-found');
    byId('track-title').textContent = 'Track not found';
    byId('track-badge').hidden = true;
    this.setMessage('This track does not exist or was deleted.', 'error');
  }
}
