// HTTP client for the JSON API: adds credentials, refreshes tokens, counts
// the demo's requests and turns error bodies into readable messages.

/** An API failure carrying the HTTP status and the server's JSON body. */
export class ApiError extends Error {
  constructor(status, body, message) {
    super(message || errorMessage(status, body));
    this.status = status;
    this.body = body || {};
  }
}

/** The most useful human-readable message in an error body. */
export function errorMessage(status, body) {
  if (status === 0) return 'Network error: the server could not be reached.';
  if (status === 429 && body && body.request_limit) {
    return `Demo request limit reached (${body.request_count} of ${body.request_limit}).`;
  }
  if (status === 413) {
    return body && body.limit_mb ? `File too large (limit ${body.limit_mb} MB)` : 'File too large';
  }
  if (body) {
    // Prefer a sentence: `message`, a spaced `error`, then `detail`.
    if (body.message) return String(body.message);
    if (body.error && /\s/.test(body.error)) return String(body.error);
    if (body.detail) return String(body.detail);
    if (body.error) return String(body.error);
  }
  return `Request failed (HTTP ${status}).`;
}

function isCounted(method, path) {
  return (method === 'POST' || method === 'DELETE') && path.startsWith('/api/') && !path.startsWith('/api/auth/');
}

async function readJson(res) {
  const text = await res.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return { error: text.slice(0, 200) }; }
}

/** Creates the API client bound to the stored Credentials. */
export function createApi(creds) {
  async function send(method, path, json, retry = true) {
    await creds.ensureFresh();
    const headers = { Accept: 'application/json', ...creds.authHeaders() };
    const init = { method, headers };
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    let res;
    try { res = await fetch(path, init); } catch { throw new ApiError(0, null); }
    const body = await readJson(res);
    if (res.status === 401 && retry && creds.signedIn && !creds.usesApiKey && !path.startsWith('/api/auth/')) {
      if (await creds.refresh()) return send(method, path, json, false);
    }
    noteQuota(method, path, res.status, body);
    if (res.status === 401 && creds.signedIn && !path.startsWith('/api/auth/')) {
      // A rejected API key, or a token the refresh above could not renew.
      creds.signOut('expired');
      throw new ApiError(401, body, 'Your sign-in is no longer valid. Please sign in again.');
    }
    if (!res.ok) throw new ApiError(res.status, body);
    return body;
  }

  function noteQuota(method, path, status, body) {
    // Past the budget every API request, reads included, answers 429 with the server's count.
    if (status === 429 && body && body.request_count !== undefined) {
      creds.noteRequest(Math.max(body.request_count, body.request_limit || 0), body.request_limit);
      return;
    }
    if (!isCounted(method, path)) return;
    if (status !== 401) {
      creds.noteRequest();
    }
  }

  async function signIn(path, payload, email) {
    let res;
    try {
      res = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(payload),
      });
    } catch { throw new ApiError(0, null); }
    const body = await readJson(res);
    if (!res.ok || !body || !body.access) throw new ApiError(res.status, body);
    creds.setTokens(body, email);
    return body;
  }

  /**
   * Uploads a file with XMLHttpRequest so upload progress is real.
   * `onProgress(fraction)` gets 0…1; aborting `signal` cancels the request.
   * Resolves with the 201 body.
   */
  async function upload(file, limitMb, onProgress, signal) {
    await creds.ensureFresh();
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      if (signal) {
        if (signal.aborted) { reject(new ApiError(0, null, 'Upload cancelled.')); return; }
        signal.addEventListener('abort', () => xhr.abort(), { once: true });
      }
      xhr.open('POST', '/api/tracks/');
      for (const [k, v] of Object.entries(creds.authHeaders())) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      });
      xhr.addEventListener('load', () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText || 'null'); } catch { body = null; }
        noteQuota('POST', '/api/tracks/', xhr.status, body);
        if (xhr.status === 201 && body) { onProgress(1); resolve(body); return; }
        if (xhr.status === 413) {
          const limit = (body && body.limit_mb) || limitMb;
          reject(new ApiError(413, body, limit ? `File too large (limit ${limit} MB)` : 'File too large'));
          return;
        }
        reject(new ApiError(xhr.status, body));
      });
      xhr.addEventListener('error', () => {
        // A server that answers 413 before reading the body may reset the
        // connection; the browser then reports a bare network error.
        const nearLimit = limitMb && file.size + 64 * 1024 > limitMb * 1024 * 1024;
        reject(nearLimit
          ? new ApiError(413, null, `File too large (limit ${limitMb} MB)`)
          : new ApiError(0, null, 'Upload failed: the connection was interrupted.'));
      });
      xhr.addEventListener('abort', () => reject(new ApiError(0, null, 'Upload cancelled.')));
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  }

  /** Verifies an API key before it is stored. */
  async function checkKey(key) {
    let res;
    try {
      res = await fetch('/api/tracks/?limit=1', { headers: { 'X-API-Key': key, Accept: 'application/json' } });
    } catch { throw new ApiError(0, null); }
    if (res.status === 401) throw new ApiError(401, null, 'Invalid API key');
    if (!res.ok) throw new ApiError(res.status, await readJson(res));
  }

  return {
    checkKey,
    health: () => send('GET', '/api/health/'),
    demo: () => signIn('/api/auth/demo/', {}, ''),
    login: (email, password) => signIn('/api/auth/login/', { email, password }, email),
    listTracks: (limit, offset = 0) => send('GET', `/api/tracks/?limit=${limit}&offset=${offset}`),
    track: (id) => send('GET', `/api/tracks/${encodeURIComponent(id)}/`),
    deleteTrack: (id) => send('DELETE', `/api/tracks/${encodeURIComponent(id)}/`),
    waveform: (id, points) => send('GET', `/api/tracks/${encodeURIComponent(id)}/waveform/?points=${points}`),
    upload,
  };
}
