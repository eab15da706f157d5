// Upload failures in words people can act on; the server's own wording and
// the HTTP status stay available behind a disclosure.

/** Maps an ApiError from an upload to `{ summary, detail }`. */
export function describeUploadError(err, limits = {}) {
  const status = err && typeof err.status === 'number' ? err.status : 0;
  const body = (err && err.body) || {};
  const server = [body.error, body.message].filter(Boolean).join(': ');
  const detail = status ? `HTTP ${status}${server ? ` — ${server}` : ''}` : String((err && err.message) || 'No response');
  return { summary: summaryFor(status, body, `${server} ${(err && err.message) || ''}`, limits), detail };
}

function summaryFor(status, body, text, limits) {
  if (err0(status, text)) return 'The upload was cancelled.';
  if (status === 0) return 'The upload was interrupted — check your connection and try again.';
  if (status === 413) {
    const mb = body.limit_mb || limits.maxMb;
    return mb ? `This file is larger than the ${mb} MB limit — export a shorter or compressed version.` : 'This file is too large.';
  }
  if (status === 429) return 'The demo’s uploads, deletions or questions are used up — sign in to continue.';
  if (status === 507) return 'The server is out of storage space — try again later.';
  if (status === 401) return 'Your sign-in is no longer valid — sign in again and retry.';
  if (status === 400 && /file type/i.test(text)) {
    const list = (limits.extensions || []).join(', ');
    return `This type of file isn’t accepted${list ? ` — use ${list}` : ''}.`;
  }
  if (status === 400 && /no file/i.test(text)) return 'No file arrived — choose the file again.';
  if (/truncat|cut short|unexpected end|end of (file|stream)|incomplete/i.test(text)) {
    return 'This file looks cut short — re-export it and try again.';
  }
  if (/too short/i.test(text)) return 'This recording is too short to analyse — it needs at least a tenth of a second of audio.';
  if (/too long|duration|seconds/i.test(text)) return 'This recording is longer than the server accepts — trim it and try again.';
  if (status === 422 || /unsupported|decode/i.test(text)) {
    return 'This file couldn’t be read as audio — check that it plays, or export it as WAV or FLAC.';
  }
  if (status >= 500) return 'The server couldn’t store this upload — try again in a moment.';
  return 'The upload failed — try again.';
}

function err0(status, text) {
  return status === 0 && /cancel/i.test(text);
}
