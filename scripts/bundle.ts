// `tsx scripts/bundle.ts lib dist`: bundles the compiled action into dist/ for action.yml: one file
// for the main step (main.js) and one for the post step (post.js).
//
// esbuild, not ncc: it tree-shakes ES modules (Zod Mini's functions, @actions/core's unused OIDC
// client), where ncc's webpack keeps whole libraries, and start-up is mostly compiling what was
// kept; every file is minified. dist/licenses.txt lists the licence of every package that went into
// the bundle.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

const [lib, outdir] = process.argv.slice(2);
if (!lib || !outdir) throw new Error('usage: tsx scripts/bundle.ts <compiled lib dir> <outdir>');

await rm(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { main: join(lib, 'main.js'), post: join(lib, 'post.js') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  // jose names its errors after their classes (this.constructor.name): keep what error.name reads.
  keepNames: true,
  legalComments: 'none', // the licences are in licenses.txt
  // undici is CommonJS and requires Node's modules: give its require() to the ES module bundle.
  banner: { js: "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);" },
  plugins: [sideEffectFree(/^@actions\/(http-client|exec|io)(\/|$)/)],
  metafile: true,
  logLevel: 'warning',
});
await writeFile(join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
await writeFile(join(outdir, 'licenses.txt'), await licenses(metafile));

/**
 * Packages whose modules only define things, so that what the action does not use is left out.
 * @actions/core imports an HTTP client (all of undici) for OIDC tokens and a process runner for
 * platform details; the action uses neither, yet without this esbuild keeps them whole.
 */
function sideEffectFree(filter: RegExp): Plugin {
  return {
    name: 'side-effect-free',
    setup(bundler) {
      bundler.onResolve({ filter }, async ({ path, kind, resolveDir, pluginData }) => {
        if (pluginData === 'side-effect-free') return undefined; // the plain resolution below
        const resolved = await bundler.resolve(path, { kind, resolveDir, pluginData: 'side-effect-free' });
        return { ...resolved, sideEffects: false };
      });
    },
  };
}

/** Each package with code in the bundle, once: its declared licence and its licence file, as ncc wrote them. */
async function licenses(meta: Metafile): Promise<string> {
  const packages = new Set<string>();
  const bundled = Object.values(meta.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0));
  for (const [input] of bundled) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  const sections: string[] = [];
  for (const name of [...packages].sort()) {
    const dir = join('node_modules', name);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { license?: string };
    const file = (await readdir(dir)).find((entry) => /^licen[cs]e(\.(md|txt))?$/i.test(entry));
    const text = file === undefined ? '' : (await readFile(join(dir, file), 'utf8')).trim();
    sections.push([name, manifest.license ?? 'UNKNOWN', text].join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}
