// Small DOM utilities shared by the modules. No inline styles or HTML strings:
// everything is built with createElement so the page stays CSP-clean.

/** Returns the element with this id, or throws a clear error at start-up. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node;
}

/** Creates an element with optional class name, text and attributes. */
export function el(tag, { cls, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Announces a short message to screen readers through the shared live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes repeated identical messages audible.
  setTimeout(() => { region.textContent = message; }, 30);
}

/** Formats seconds as m:ss (or h:mm:ss). */
export function formatTime(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.floor(seconds % 60).toString().padStart(2, '0');
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Formats a number with a fixed number of decimals, or an en dash when absent. */
export function fmt(value, digits = 2, unit = '') {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return `${value.toFixed(digits)}${unit ? `\u202f${unit}` : ''}`;
}

/** Formats a byte count for people. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Shows a confirmation <dialog>; resolves true when the user confirms. */
export function confirmDialog(text) {
  const dialog = byId('confirm-dialog');
  byId('confirm-text').textContent = text;
  return new Promise((resolve) => {
    const done = () => { dialog.removeEventListener('close', done); resolve(dialog.returnValue === 'ok'); };
    dialog.returnValue = 'cancel';
    dialog.addEventListener('close', done);
    dialog.showModal();
    byId('confirm-cancel').focus();
  });
}

/** Sizes a canvas's backing store to its CSS box at the device pixel ratio and clears it;
 *  returns what drawing needs: the 2D context, the computed style, the size and the ratio. */
export function prepareCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  return { ctx, css: getComputedStyle(canvas), width, height, dpr };
}
