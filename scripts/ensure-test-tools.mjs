// The tests need two Debian packages: Chromium for the browser tests and poppler-utils
// (pdftotext) for the PDF tests. Install what is missing (as root, through apt-get), so that
// `npm ci && npm test` works on a fresh machine.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
);
const missing = [];
if (!chromium.some((p) => existsSync(p))) missing.push('chromium', 'fonts-dejavu-core');
if (!existsSync('/usr/bin/pdftotext')) missing.push('poppler-utils');
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const run = (cmd, args) =>
  execFileSync(isRoot ? cmd : 'sudo', isRoot ? args : [cmd, ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

console.log(`Installing Debian packages the tests need: ${missing.join(', ')}…`);
try {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
} catch (error) {
  console.error(
    `Could not install ${missing.join(', ')} (${error.message}). Install them with: apt-get install ${missing.join(' ')}`,
  );
  process.exit(1);
}
