// Upload card: drag-and-drop or file picker of one or several files, queued
// and sent one at a time (each with its own row, progress and Cancel; one bad
// file does not stop the rest), client-side checks against the server's
// limits, a progress bar fed by XMLHttpRequest upload events, and failures in
// plain words with the detail behind a disclosure.
import { byId, el, announce, formatBytes } from './dom.js';
import { describeUploadError } from './upload-errors.js';

/** Wires the upload card; `onUploaded(body, last)` runs after each 201, `last` when no file is waiting. */
export class Uploader {
  constructor(api, onUploaded) {
    this.api = api;
    this.onUploaded = onUploaded;
    this.limits = { maxMb: null, extensions: [] };
    this.busy = false;
    this.blocked = null;
    this.controller = null;
    this.queue = [];
    this.batch = 0;
    this.zone = byId('dropzone');
    this.input = byId('file-input');
    this.bar = byId('upload-bar');
    this.percent = byId('upload-percent');
    this.message = byId('upload-message');
    this.cancel = byId('upload-cancel');
    this.input.addEventListener('change', () => {
      if (this.input.files) this.enqueue(this.input.files);
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
      if (e.dataTransfer) this.enqueue(e.dataTransfer.files);
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
    // A batch shows progress in its queue rows instead.
    byId('upload-progress').hidden = !file || this.batch > 1;
    byId('upload-name').textContent = file ? `${file.name} (${formatBytes(file.size)})` : '';
    this.bar.classList.remove('is-failed');
    this.setProgress(0);
    this.showMessage('');
  }

  /** Queues files (from the picker or a drop) and starts the first if nothing is running. */
  enqueue(files) {
    const list = [...files];
    if (!list.length) return;
    // A new batch forgets the finished rows of the last one.
    if (!this.busy) { this.queue = []; byId('upload-queue').replaceChildren(); }
    for (const file of list) this.queue.push(this.queueEntry(file));
    this.batch = this.queue.length;
    byId('upload-queue').hidden = this.queue.length < 2;
    if (!this.busy) this.drain();
  }

  /** One file's row: name, state, progress and its own Cancel. */
  queueEntry(file) {
    const entry = { file, state: 'waiting', controller: null };
    const label = `${file.name} (${formatBytes(file.size)})`;
    entry.status = el('span', { cls: 'queue-status', text: 'Waiting' });
    entry.bar = el('progress', { attrs: { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` } });
    entry.cancel = el('button', { cls: 'btn btn-small', text: 'Cancel', attrs: { type: 'button', 'aria-label': `Cancel ${file.name}` } });
    entry.cancel.addEventListener('click', () => this.cancelEntry(entry));
    entry.row = el('li', { cls: 'queue-row is-waiting' }, [
      el('span', { cls: 'queue-name truncate', text: label, attrs: { title: label } }), entry.status, entry.cancel, entry.bar,
    ]);
    byId('upload-queue').append(entry.row);
    return entry;
  }

  cancelEntry(entry) {
    if (entry.state === 'uploading') { if (entry.controller) entry.controller.abort(); return; }
    if (entry.state === 'waiting') this.settle(entry, 'cancelled', 'Cancelled');
  }

  /** Settles a row; a failure's technical `detail` goes behind a disclosure, as for a single upload. */
  settle(entry, state, text, detail) {
    entry.state = state;
    entry.status.textContent = text;
    if (detail) {
      entry.row.append(el('details', { cls: 'upload-detail' }, [el('summary', { text: 'Details' }), el('code', { text: detail })]));
    }
    entry.row.className = `queue-row is-${state}`;
    // The pressed Cancel disappears: keep keyboard focus in the card.
    if (document.activeElement === entry.cancel) this.input.focus();
    entry.cancel.hidden = true;
  }

  /** Uploads the waiting files one at a time; a failure moves on to the next. */
  async drain() {
    this.busy = true;
    const queue = this.queue;
    let next;
    while ((next = queue.find((e) => e.state === 'waiting'))) {
      await this.start(next, !queue.some((e) => e !== next && e.state === 'waiting'));
    }
    this.busy = false;
    // reset() (signing out) replaced the queue: nobody is waiting for a summary.
    if (queue !== this.queue || this.batch < 2) return;
    const count = (state) => queue.filter((e) => e.state === state).length;
    const [uploaded, failed, cancelled] = [count('done'), count('failed'), count('cancelled')];
    const words = `Uploaded ${uploaded} of ${queue.length} files${failed ? `; ${failed} failed` : ''}${cancelled ? `; ${cancelled} cancelled` : ''}.`;
    this.showMessage(words, failed ? 'error' : uploaded ? 'ok' : 'cancelled');
    announce(words);
  }

  /** Uploads one queued file; resolves true on success. `last` says no other file waits. */
  async start(entry, last) {
    const { file } = entry;
    const problem = this.check(file);
    if (problem) {
      this.settle(entry, 'failed', problem);
      this.resetProgress(null);
      this.showMessage(problem, 'error');
      announce(problem);
      return false;
    }
    entry.state = 'uploading';
    entry.row.className = 'queue-row is-uploading';
    entry.status.textContent = 'Uploading';
    this.controller = new AbortController();
    entry.controller = this.controller;
    this.zone.classList.add('is-busy');
    this.resetProgress(file);
    this.cancel.hidden = false;
    this.showMessage('Uploading…');
    const progress = (f) => { this.setProgress(f); entry.bar.value = Math.round(f * 100); };
    try {
      const body = await this.api.upload(file, this.limits.maxMb, progress, this.controller.signal);
      this.settle(entry, 'done', 'Uploaded');
      this.showMessage(`Uploaded ${body.filename || file.name}. Analysis queued.`, 'ok');
      announce('Upload complete');
      this.onUploaded(body, last);
      return true;
    } catch (err) {
      const cancelled = this.controller.signal.aborted;
      const { summary, detail } = describeUploadError(err, this.limits);
      this.settle(entry, cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled' : summary, cancelled ? '' : detail);
      if (cancelled) {
        // Nothing was uploaded: the bar and percentage must not keep saying how far it got.
        this.resetProgress(null);
        this.showMessage('Upload cancelled.', 'cancelled');
      } else {
        this.showMessage(summary, 'error', detail);
        this.bar.classList.add('is-failed');
      }
      announce(cancelled ? `Upload of ${file.name} cancelled` : `${file.name}: ${summary}`);
      return false;
    } finally {
      this.controller = null;
      entry.controller = null;
      this.cancel.hidden = true;
      this.zone.classList.remove('is-busy');
    }
  }

  reset() {
    for (const entry of this.queue) if (entry.state === 'waiting') this.settle(entry, 'cancelled', 'Cancelled');
    if (this.controller) this.controller.abort();
    this.queue = [];
    byId('upload-queue').replaceChildren();
    byId('upload-queue').hidden = true;
    this.resetProgress(null);
  }
}
