// Go's WebAssembly runtime (defines globalThis.Go), as hcl2json ships it.
import '@cdktn/hcl2json/wasm/wasm_exec.js';
import wasmUrl from '@cdktn/hcl2json/main.wasm.gz?url';

/**
 * hcl2json in the browser: the same WebAssembly build of HashiCorp's HCL parser the CLI uses,
 * fetched (gzip, ~1.7 MB) the first time a Terraform file is imported, then kept. hcl2json's own
 * loader reads the file with Node's fs; this is that loader for a worker.
 */

type Callback = (error: string | null, result?: string) => void;
type Bridge = { parse?: (file: string, text: string, callback: Callback) => void };
declare const Go: new () => { importObject: WebAssembly.Imports; run(instance: WebAssembly.Instance): Promise<void>; exit: (code: number) => void };

let bridge: Promise<Bridge> | undefined;

async function gunzipped(bytes: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  // A server may already have decoded it (Content-Encoding): only gzip data starts with 1f 8b.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.buffer;
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}

async function load(): Promise<Bridge> {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`the HCL parser could not be loaded (HTTP ${response.status})`);
  const bytes = await gunzipped(new Uint8Array(await response.arrayBuffer()));
  // What the Go program prints (a panic's message), for the error if it stops.
  let output = '';
  const fs = (globalThis as unknown as { fs: { writeSync: (fd: number, buf: Uint8Array) => number } }).fs;
  const writeSync = fs.writeSync.bind(fs);
  fs.writeSync = (fd, buf) => {
    output = (output + new TextDecoder().decode(buf)).slice(-600);
    return writeSync(fd, buf);
  };
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
  const root: Bridge = {};
  // The Go program finds its object through Node's `global`, which a worker does not have.
  (globalThis as { global?: unknown }).global ??= globalThis;
  (globalThis as { __parse_terraform_config_wasm__?: Bridge }).__parse_terraform_config_wasm__ = root;
  let ended: string | undefined;
  let exitCode: number | undefined;
  const exit = go.exit.bind(go);
  go.exit = (code) => {
    exitCode = code;
    exit(code);
  };
  go.run(instance).then(
    () => (ended = `it exited (code ${exitCode}): ${output.trim()}`),
    (error: unknown) => (ended = `it failed: ${(error as Error).message}`),
  );
  // The Go program registers its functions as it starts (a few seconds on a busy machine).
  const started = performance.now();
  while (typeof root.parse !== 'function') {
    if (ended !== undefined) throw new Error(`the HCL parser did not start: ${ended}`);
    if (performance.now() - started > 60_000) throw new Error('the HCL parser did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return root;
}

/** hcl2json's `parse(file, text)`: the HCL as JSON, or the parser's error (with its line and column). */
export async function parseHclInBrowser(file: string, text: string): Promise<unknown> {
  bridge ??= load();
  let root: Bridge;
  try {
    root = await bridge;
  } catch (error) {
    bridge = undefined; // try again next time (a network failure, say)
    throw error;
  }
  const json = await new Promise<string>((resolve, reject) => root.parse!(file, text, (error, result) => (error ? reject(new Error(error)) : resolve(result ?? 'null'))));
  return JSON.parse(json) as unknown;
}
