// Bundles the till into one minified script and copies the static files, into the folder given as the
// first argument (Maven passes target/classes/static, which Kassa serves at /) or dist/.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));
const BUDGET = 250 * 1024;

rmSync(join(out, 'app'), { recursive: true, force: true });
mkdirSync(join(out, 'app'), { recursive: true });
await build({
  entryPoints: [join(root, 'src/main.jsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: join(out, 'app/till.js'),
  legalComments: 'none',
  logLevel: 'warning',
});
cpSync(join(root, 'public'), out, { recursive: true });
cpSync(join(root, 'node_modules/uplot/dist/uPlot.min.css'), join(out, 'app/uplot.css'));
const script = readFileSync(join(out, 'app/till.js'));
// the service worker, at the root so that its scope is the whole till; its cache is named after the
// shell's hash, so every new build replaces the cached shell
const shell = createHash('sha256');
for (const file of ['index.html', 'app/till.js', 'app/till.css', 'app/uplot.css', 'app/icon.svg', 'app/manifest.json']) {
  shell.update(readFileSync(join(out, file)));
}
await build({
  entryPoints: [join(root, 'src/offline/sw.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  outfile: join(out, 'sw.js'),
  define: { SHELL_VERSION: JSON.stringify(shell.digest('hex').slice(0, 16)) },
  legalComments: 'none',
  logLevel: 'warning',
});
const compressed = gzipSync(script).length;
if (compressed > BUDGET) {
  console.error(`ui: the till's script is ${compressed} bytes compressed, over the budget of ${BUDGET}`);
  process.exit(1);
}
writeFileSync(join(out, 'app/build.json'), JSON.stringify({ script_bytes: script.length, gzip_bytes: compressed }));
console.log(`ui: built into ${out} (script ${script.length} bytes, ${compressed} compressed)`);
