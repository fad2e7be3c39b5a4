#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'server', 'cli', 'main.js');
if (!existsSync(built)) {
  console.error('Vaalivahti is not built yet: run "npm run build" (npm ci does it for you).');
  process.exit(1);
}
await import(built);
