// What Maven runs (exec-maven-plugin): `npm ci` only when the locked tree changed since the last install,
// then `npm run build` into the folder given. Uses the system's npm; downloads nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const lock = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
const stamp = join(root, 'node_modules', '.kassa-lock-sha256');

function run(...args) {
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`ui: could not run npm (${result.error.message}); Node.js 20 or newer with npm is needed to build the till`);
    process.exit(1);
  }
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lock) {
  run('ci', '--no-audit', '--no-fund');
  writeFileSync(stamp, lock);
}
run('run', '--silent', 'build', '--', out);
