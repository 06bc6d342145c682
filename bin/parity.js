#!/usr/bin/env node
// The `parity` command. The CLI is compiled TypeScript under dist/ (built by `npm install` via `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'main', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('parity: the CLI is not built yet.');
  console.error(`hint: run \`npm run build\` in ${root}`);
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
