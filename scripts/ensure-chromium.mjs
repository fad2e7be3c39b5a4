// Browser tests need Debian's Chromium. Install it when it is missing (as root, through apt-get),
// so that `npm ci && npm test` works on a fresh machine.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
);
if (candidates.some((p) => existsSync(p))) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const run = (cmd, args) =>
  execFileSync(isRoot ? cmd : 'sudo', isRoot ? args : [cmd, ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

console.log("Chromium is missing: installing Debian's chromium package for the browser tests…");
try {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core']);
} catch (error) {
  console.error(`Could not install Chromium (${error.message}). Install it with: apt-get install chromium`);
  process.exit(1);
}
