// Upload card: drag-and-drop or file picker, client-side checks against the
// server's limits, a progress bar fed by XMLHttpRequest upload events, a
// Cancel button, and failures in plain words with the detail behind a disclosure.
import { byId, el, announce, formatBytes } from './dom.js';
import { describeUploadError } from './upload-errors.js';

/** Wires the upload card; `onUploaded(body)` runs after a 201. */
export class Uploader {
  constructor(api, onUploaded) {
    this.api = api;
    this.onUploaded = onUploaded;
    this.limits = { maxMb: null, extensions: [] };
    this.busy = false;
    this.blocked = null;
    this.controller = null;
    this.zone = byId('dropzone');
    this.input = byId('file-input');
    this.bar = byId('upload-bar');
    this.percent = byId('upload-percent');
    this.message = byId('upload-message');
    this.cancel = byId('upload-cancel');
    this.input.addEventListener('change', () => {
      if (this.input.files && this.input.files[0]) this.start(this.input.files[0]);
      this.input.value = '';
    });
    this.cancel.addEventListener('click', () => {
      if (this.controller) this.controller.abort();
      this.input.focus();
    });
    this.bindDrop();
  }

  bindDrop() {
    const over = (e) => { e.preventDefault(); if (!this.blocked) this.zone.classList.add('is-over'); };
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

  /** Applies /api/health/'s limits: only the extensions the server lists are offered. */
  setLimits(health) {
    const extensions = Array.isArray(health.allowed_extensions)
      ? health.allowed_extensions.filter((x) => typeof x === 'string' && x.startsWith('.')).map((x) => x.toLowerCase())
      : [];
    this.limits = { maxMb: Number(health.max_upload_mb) || null, extensions };
    if (extensions.length) this.input.accept = extensions.join(',');
    else this.input.removeAttribute('accept');
    const parts = [];
    if (extensions.length) parts.push(`Accepted: ${extensions.join(', ')}`);
    if (this.limits.maxMb) parts.push(`up to ${this.limits.maxMb} MB`);
    byId('upload-limits').textContent = parts.join(' · ') || 'Audio files';
  }

  /** Turns uploads off (with the reason as the hint) or back on with `null`. */
  setBlocked(reason) {
    this.blocked = reason || null;
    this.input.disabled = Boolean(this.blocked);
    this.zone.classList.toggle('is-disabled', Boolean(this.blocked));
  }

  /** Returns an error message if the file cannot be sent, else null. */
  check(file) {
    if (this.blocked) return this.blocked;
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

  showMessage(text, kind, detail) {
    const children = [el('span', { cls: 'upload-summary', text })];
    if (detail) {
      children.push(el('details', { cls: 'upload-detail' }, [
        el('summary', { text: 'Details' }), el('code', { text: detail }),
      ]));
    }
    this.message.replaceChildren(...(text ? children : []));
    this.message.className = `upload-message${kind ? ` is-${kind}` : ''}`;
  }

  /** Clears what the previous attempt left: bar, name, percentage and message. */
  resetProgress(file) {
    byId('upload-progress').hidden = !file;
    byId('upload-name').textContent = file ? `${file.name} (${formatBytes(file.size)})` : '';
    this.bar.classList.remove('is-failed');
    this.setProgress(0);
    this.showMessage('');
  }

  async start(file) {
    if (this.busy) { this.showMessage('An upload is already running.', 'error'); return; }
    const problem = this.check(file);
    if (problem) {
      this.resetProgress(null);
      this.showMessage(problem, 'error');
      announce(problem);
      return;
    }
    this.busy = true;
    this.controller = new AbortController();
    this.zone.classList.add('is-busy');
    this.resetProgress(file);
    this.cancel.hidden = false;
    this.showMessage('Uploading…');
    try {
      const body = await this.api.upload(file, this.limits.maxMb, (f) => this.setProgress(f), this.controller.signal);
      this.showMessage(`Uploaded ${body.filename || file.name}. Analysis queued.`, 'ok');
      announce('Upload complete');
      this.onUploaded(body);
    } catch (err) {
      const cancelled = this.controller.signal.aborted;
      const { summary, detail } = describeUploadError(err, this.limits);
      this.showMessage(cancelled ? 'Upload cancelled.' : summary, cancelled ? 'cancelled' : 'error', cancelled ? '' : detail);
      if (!cancelled) this.bar.classList.add('is-failed');
      announce(cancelled ? 'Upload cancelled' : summary);
    } finally {
      this.busy = false;
      this.controller = null;
      this.cancel.hidden = true;
      this.zone.classList.remove('is-busy');
    }
  }

  reset() {
    if (this.controller) this.controller.abort();
    this.resetProgress(null);
  }
}
