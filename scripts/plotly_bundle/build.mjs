// Builds the workbook's own plotly.js bundle (readiness/render/vendor/README.md):
//   cd scripts/plotly_bundle && npm ci && node build.mjs
// writes readiness/render/vendor/plotly-workbook.min.js, the identical copy Voilà serves
// (share/jupyter/voila/templates/workbook/static/), plotly.js's licence and sizes.json.
// The options are plotly.js's own (its esbuild-config.js), less its CSS plugin: the only
// CSS plotly.js imports is maplibre-gl's, for map traces, which this bundle leaves empty.
import * as esbuild from 'esbuild';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const plotly = dirname(createRequire(import.meta.url).resolve('plotly.js/package.json'));
const version = JSON.parse(readFileSync(join(plotly, 'package.json'), 'utf8')).version;
const official = readFileSync(join(plotly, 'dist', 'plotly-basic.min.js'));
// The official bundles' header, with this bundle's name, and what made it.
const copyright = official.toString('utf8', 0, 400).match(/\* (Copyright [^\n]*)/)[1];
const banner = `/**
* plotly.js (workbook - minified) v${version}
* ${copyright}
* All rights reserved.
* Licensed under the MIT license
*
* A custom bundle of plotly.js ${version} (bar and scatter traces only) made by the
* readiness workbook's scripts/plotly_bundle/build.mjs.
*/`;

const result = await esbuild.build({
  entryPoints: [join(here, 'entry.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'Plotly',
  target: 'es2016',
  define: {
    global: 'window',
    'define.amd': 'false',
    'process.env.NODE_DEBUG': 'false', // plotly.js's environmentPlugin({ NODE_DEBUG: false })
  },
  loader: { '.css': 'empty' }, // maplibre-gl's stylesheet (map traces only)
  banner: { js: banner },
  // As the official bundles end: the global, also where the script is not run at the top.
  footer: { js: 'window.Plotly = Plotly;' },
  write: false,
  outfile: 'plotly-workbook.min.js',
  logLevel: 'warning',
});
const bundle = Buffer.from(result.outputFiles[0].contents);
for (const folder of ['readiness/render/vendor', 'share/jupyter/voila/templates/workbook/static']) {
  writeFileSync(join(root, folder, 'plotly-workbook.min.js'), bundle);
}
copyFileSync(join(plotly, 'LICENSE'), join(root, 'readiness/render/vendor/plotly-LICENSE.txt'));

// Sizes for tests/server/test_serve.py: raw, and gzip's best level (zlib's, as Python's).
const size = (bytes) => ({ bytes: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length });
const sizes = {
  'plotly.js': version,
  workbook: size(bundle),
  'official plotly-basic.min.js': size(official),
};
writeFileSync(join(here, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(JSON.stringify(sizes));
