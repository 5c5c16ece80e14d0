/**
 * Builds the app into its own folder and serves it with `vite preview` on 127.0.0.1, for the UI
 * bench. The server is a child process of the bench; `stop()` ends it (and its process group), and
 * a process exit handler ends it too if the bench dies on an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The bench's own build folder, so it never clobbers `dist` or `dist-e2e`. */
export const BENCH_OUT_DIR = 'dist-bench';
const HOST = '127.0.0.1';
const VITE_BIN = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/** A TCP port that was free a moment ago (the OS picks it; `--strictPort` catches a lost race). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** `vite build` into BENCH_OUT_DIR; throws with vite's output when the build fails. */
export function buildApp(): void {
  const result = spawnSync(process.execPath, [VITE_BIN, 'build', '--outDir', BENCH_OUT_DIR, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0)
    throw new Error(`vite build failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

/**
 * Deletes BENCH_OUT_DIR. The bench rebuilds it on every run, and left in place it would show in
 * `git status` and be linted by `eslint .` (which ignores only dist and dist-e2e).
 */
export function removeBuild(): void {
  rmSync(join(REPO_ROOT, BENCH_OUT_DIR), { recursive: true, force: true });
}

export interface PreviewServer {
  url: string;
  stop: () => Promise<void>;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: vite and anything it started
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`vite preview exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer on ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Starts `vite preview` for BENCH_OUT_DIR on a free port; retries on a lost port race. */
export async function startPreview(attempts = 3): Promise<PreviewServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [VITE_BIN, 'preview', '--outDir', BENCH_OUT_DIR, '--host', HOST, '--port', String(port), '--strictPort'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // own process group, so stop() can end it with everything below it
      },
    );
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const onExit = (): void => killGroup(child, 'SIGKILL');
    process.on('exit', onExit);
    const stop = async (): Promise<void> => {
      process.off('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    };
    const url = `http://${HOST}:${port}`;
    try {
      await waitForHttp(url, child, () => log, 30_000);
      return { url, stop };
    } catch (error) {
      lastError = error;
      await stop();
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
