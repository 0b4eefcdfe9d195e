// Starts a throw-away Thi Đua server for the browser tests:
// a free loopback port, a fresh temp dir holding the SQLite database, `thidua serve --demo`,
// wait for /healthz, and stop + clean up afterwards.
//
// The binary comes from $THIDUA_BIN, or ../target/debug/thidua relative to e2e/.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E_DIR = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = join(E2E_DIR, 'test-results');

export function serverBinary() {
  return process.env.THIDUA_BIN
    ? resolve(process.env.THIDUA_BIN)
    : resolve(E2E_DIR, '..', 'target', 'debug', 'thidua');
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server and resolves once GET /healthz answers 200 "ok".
 * Returns { baseURL, dir, log(), stop() }.
 */
export async function startServer({ readyTimeoutMs = 120_000 } = {}) {
  const bin = serverBinary();
  if (!existsSync(bin)) {
    throw new Error(
      `server binary not found at ${bin}: build it with \`cargo build --bin thidua\` ` +
        `or point THIDUA_BIN at it`,
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'thidua-e2e-'));
  const baseURL = `http://127.0.0.1:${port}`;
  const args = [
    'serve',
    '--demo',
    '--listen',
    `127.0.0.1:${port}`,
    '--database-url',
    `sqlite://${join(dir, 'thidua.db')}`,
  ];

  let output = '';
  const child = spawn(bin, args, {
    cwd: resolve(E2E_DIR, '..'),
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 1_000_000) output = output.slice(-500_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    }),
  );
  child.on('error', (err) => {
    keep(`\n[spawn error] ${err.message}\n`);
    exited = exited ?? { code: null, signal: null, error: err };
  });

  // Never leave the server behind, even if the test process dies.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exitPromise.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut && !exited) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    try {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'server.log'), output);
    } catch {
      // diagnostics only
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(
        `server exited before it was ready (code ${exited.code}, signal ${exited.signal}):\n` +
          `${bin} ${args.join(' ')}\n${output.slice(-4000)}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      if (res.status === 200 && body.trim() === 'ok') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `server did not answer 200 "ok" on ${baseURL}/healthz within ${readyTimeoutMs} ms:\n` +
          output.slice(-4000),
      );
    }
    await sleep(100);
  }

  return { baseURL, dir, port, log: () => output, stop };
}
