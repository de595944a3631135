// A QR code drawn as SVG in the page (uqr encodes it; nothing is fetched): the otpauth:// address an
// authenticator app scans when two-step sign-in is set up.
import { encode } from 'uqr';

/** The dark modules of the code as one SVG path, a 1x1 square each, in module units. */
export function qrPath(text) {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) d += `M${x} ${y}h1v1h-1z`;
  }));
  return { d, size };
}

