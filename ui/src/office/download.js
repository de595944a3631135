// A document (PDF, CSV) from the API as a file the browser offers to open or save. A link cannot send the bearer
// token, so the file is fetched with it (renewed once on a 401, as every call) and handed over as a blob URL.
import * as api from '../api.js';
import { Problem } from '../problems.js';

async function fetchOnce(path, accept) {
  const token = api.accessToken();
  return fetch(path, { headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

async function file(path, name, type) {
  let response;
  try {
    response = await fetchOnce(path, type);
    if (response.status === 401) {
      await api.refresh();
      response = await fetchOnce(path, type);
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new TypeError('network');
  }
  if (!response.ok || !(response.headers.get('Content-Type') ?? '').startsWith(type)) {
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

/** {url, bytes, name} of the PDF at path; a Problem when the server refuses it. */
export const pdf = (path, name) => file(path, name, 'application/pdf');

/** {url, bytes, name} of the CSV at path (an export, an import's errors); a Problem when the server refuses it. */
export const csv = (path, name) => file(path, name, 'text/csv');
