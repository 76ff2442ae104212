// Small process helpers shared by the integration runner and the demo/screenshot scripts.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Runs a command to completion, streaming its output; throws with the command line on failure. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Debian packages the code-server host needs: native rebuilds (kerberos), ripgrep for search, the browser. */
export const HOST_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium', 'build-essential', 'python3'];

/** Installs the Debian packages that are missing (we run as root on CI); a no-op when all are there. */
export function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (install them: sudo apt-get install -y ${missing.join(' ')})`);
  }
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...missing], { env });
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
