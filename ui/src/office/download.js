// A document (PDF) from the API as a file the browser offers to open or save. A link cannot send the bearer
// token, so the file is fetched with it (renewed once on a 401, as every call) and handed over as a blob URL.
import * as api from '../api.js';
import { Problem } from '../problems.js';

async function fetchOnce(path) {
  const token = api.accessToken();
  return fetch(path, { headers: { Accept: 'application/pdf', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

/** {url, bytes, name} of the PDF at path; a Problem when the server refuses it. */
export async function pdf(path, name) {
  let response;
  try {
    response = await fetchOnce(path);
    if (response.status === 401) {
      await api.refresh();
      response = await fetchOnce(path);
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new TypeError('network');
  }
  if (!response.ok || !(response.headers.get('Content-Type') ?? '').startsWith('application/pdf')) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = { detail: `HTTP ${response.status}` };
    }
    throw new Problem(response.ok ? 502 : response.status, body);
  }
  const blob = await response.blob();
  return { url: URL.createObjectURL(blob), bytes: blob.size, name };
}
