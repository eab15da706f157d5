// Upload card: drag-and-drop or file picker, client-side checks against the
// server's limits, and a progress bar fed by XMLHttpRequest upload events.
import { byId, announce, formatBytes } from './dom.js';

/** Wires the upload card; `onUploaded(body)` runs after a 201. */
export class Uploader {
  constructor(api, onUploaded) {
    this.api = api;
    this.onUploaded = onUploaded;
    this.limits = { maxMb: null, extensions: [] };
    this.busy = false;
    this.zone = byId('dropzone');
    this.input = byId('file-input');
    this.bar = byId('upload-bar');
    this.percent = byId('upload-percent');
    this.message = byId('upload-message');
    this.input.addEventListener('change', () => {
      if (this.input.files && this.input.files[0]) this.start(this.input.files[0]);
      this.input.value = '';
    });
    this.bindDrop();
  }

  bindDrop() {
    const over = (e) => { e.preventDefault(); this.zone.classList.add('is-over'); };
    const leave = () => this.zone.classList.remove('is-over');
    this.zone.addEventListener('dragenter', over);
    this.zone.addEventListener('dragover', over);
    this.zone.addEventListener('dragleave', leave);
    this.zone.addEventListener('drop', (e) => {
      e.preventDefault();
      leave();
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (file) this.start(file);
    });
    // Dropping a file outside the zone must not navigate away from the app.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
  }

  /** Applies /api/health/'s limits to the hint and the picker's accept list. */
  setLimits(health) {
    const extensions = Array.isArray(health.allowed_extensions) ? health.allowed_extensions : [];
    this.limits = { maxMb: Number(health.max_upload_mb) || null, extensions };
    if (extensions.length) this.input.accept = extensions.join(',');
    const parts = [];
    if (extensions.length) parts.push(`Accepted: ${extensions.join(', ')}`);
    if (this.limits.maxMb) parts.push(`up to ${this.limits.maxMb} MB`);
    byId('upload-limits').textContent = parts.join(' · ') || 'Audio files';
  }

  /** Returns an error message if the file cannot be sent, else null. */
  check(file) {
    const dot = file.name.lastIndexOf('.');
    const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
    const { extensions, maxMb } = this.limits;
    if (extensions.length && !extensions.includes(ext)) {
      return `Invalid file type ${ext || '(none)'}. Allowed: ${extensions.join(', ')}`;
    }
    if (maxMb && file.size > maxMb * 1024 * 1024) return `File too large (limit ${maxMb} MB)`;
    if (file.size === 0) return 'The file is empty.';
    return null;
  }

  setProgress(fraction) {
    const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
    this.bar.value = pct;
    this.percent.textContent = `${pct} %`;
  }

  showMessage(text, kind) {
    this.message.textContent = text;
    this.message.className = `upload-message${kind ? ` is-${kind}` : ''}`;
  }

  async start(file) {
    if (this.busy) { this.showMessage('An upload is already running.', 'error'); return; }
    const problem = this.check(file);
    if (problem) { this.showMessage(problem, 'error'); announce(problem); return; }
    this.busy = true;
    this.zone.classList.add('is-busy');
    byId('upload-progress').hidden = false;
    byId('upload-name').textContent = `${file.name} (${formatBytes(file.size)})`;
    this.bar.classList.remove('is-failed');
    this.setProgress(0);
    this.showMessage('Uploading…');
    try {
      const body = await this.api.upload(file, this.limits.maxMb, (f) => this.setProgress(f));
      this.showMessage(`Uploaded ${body.filename || file.name}. Analysis queued.`, 'ok');
      announce('Upload complete');
      this.onUploaded(body);
    } catch (err) {
      this.showMessage(err.message, 'error');
      this.bar.classList.add('is-failed');
      announce(err.message);
    } finally {
      this.busy = false;
      this.zone.classList.remove('is-busy');
    }
  }

  reset() {
    this.bar.classList.remove('is-failed');
    byId('upload-progress').hidden = true;
    this.showMessage('');
  }
}
