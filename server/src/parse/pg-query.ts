/**
 * libpg_query's WebAssembly, called through the functions its Emscripten module exports rather
 * than through libpg-query's JavaScript wrapper (node_modules/libpg-query/wasm/index.js), which
 * copies each text in and each result out with Emscripten's JavaScript loops: lengthBytesUTF8
 * and stringToUTF8 over the input, findStringEnd over the output (byte by byte, a whole file's
 * JSON is megabytes). Here Node's native encoder and memchr do both. The calls, the result
 * struct read and the errors thrown are the wrapper's (parseSync, parsePlPgSQLSync, scanSync).
 *
 * The module is required and instantiated on first use (loadModule): its 1.7 MB of WebAssembly
 * is read and compiled then, so `migration-lens --version` and the commands that never parse do
 * not pay for it; esbuild still bundles the module, and it finds its .wasm beside the bundle.
 */
import type { ParseResult } from '@pgsql/types';
import type { ScanResult } from 'libpg-query';
import { existsSync, readFile } from 'node:fs';
import { join } from 'node:path';
import { CjsModule } from '../cjs-module';

/** What this file uses of the Emscripten module (libpg-query/wasm/libpg-query.js, `Module[...]` exports). */
interface PgQueryWasm {
  /** The memory's bytes; a new view after the memory grows (Emscripten's updateMemoryViews). */
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  getValue(ptr: number, type: 'i32'): number;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  _wasm_parse_plpgsql(query: number): number;
  _wasm_scan(query: number): number;
  _wasm_free_string(str: number): void;
}

/** libpg-query's SqlError (same name, message and details), which isSqlError (ast.ts) recognizes. */
class SqlError extends Error {
  constructor(
    message: string,
    readonly sqlDetails: { message: string; cursorPosition: number; fileName?: string; functionName?: string; lineNumber?: number },
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

/** Emscripten's hook for instantiating the WebAssembly itself (`Module.instantiateWasm`, called with the imports and a callback taking the instance). */
interface ModuleOptions {
  instantiateWasm(imports: object, receive: (instance: object) => void): object;
}

/** WebAssembly's JavaScript API: the TypeScript libraries here (ES2022, node) declare only its types. */
const wasmApi = (globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module>; instantiate(module: WebAssembly.Module, imports: object): Promise<object> };
}).WebAssembly;

let compiled: Promise<WebAssembly.Module> | undefined;
let loading: Promise<PgQueryWasm> | undefined;
let wasm: PgQueryWasm | undefined;

/**
 * The parser's compiled WebAssembly, read from beside the bundle (where the build copies it;
 * libpg-query's own folder when the sources run unbundled). A module compiled once can be
 * instantiated again in a worker thread of the same process, which then shares its code
 * (`postMessage` takes WebAssembly.Module instances:
 * https://nodejs.org/docs/latest-v20.x/api/worker_threads.html#portpostmessagevalue-transferlist).
 */
export function parserModule(): Promise<WebAssembly.Module> {
  const beside = join(__dirname, 'libpg-query.wasm');
  // createRequire keeps esbuild from bundling what is only a path lookup.
  compiled ??= readBytes(existsSync(beside) ? beside : CjsModule.createRequire(__filename).resolve('libpg-query/wasm/libpg-query.wasm')).then((bytes) => wasmApi.compile(bytes));
  return compiled;
}

/**
 * fs.readFile with a callback, not node:fs/promises: loading that module loads ten built-in modules
 * more (internal/fs/promises, its readline interface, file watchers and directory handles; Node 20's
 * process.moduleLoadList), and `lint` loads them after its V8 flags change, so without their code
 * cache (cli/lint-flags.ts): about 5 ms of a one-file lint.
 */
function readBytes(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFile(file, (e, bytes) => (e ? reject(e) : resolve(bytes))));
}

/** Instantiates the parser, from `module` when given (compiled by another thread), else from parserModule(). */
export function loadModule(module?: WebAssembly.Module): Promise<void> {
  loading ??= new Promise<PgQueryWasm>((resolve, reject) => {
    const options: ModuleOptions = {
      instantiateWasm(imports, receive) {
        (module ? Promise.resolve(module) : parserModule()).then((m) => wasmApi.instantiate(m, imports)).then(receive, reject);
        return {}; // the instance comes later, through receive
      },
    };
    // A plain require() call: esbuild bundles the module and evaluates it only here, when called.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    (require('libpg-query/wasm/libpg-query.js') as (options: ModuleOptions) => Promise<PgQueryWasm>)(options).then(resolve, reject);
  }).then((m) => (wasm = m));
  return loading.then(() => undefined);
}

function loaded(): PgQueryWasm {
  if (!wasm) throw new Error('WASM module not initialized. Call loadModule() first.');
  return wasm;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Copies a string into the module's memory as NUL-terminated UTF-8. A lone surrogate becomes
 * U+FFFD (https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto), 3 bytes as in
 * Buffer.byteLength and ByteMap (offsets.ts); Emscripten's stringToUTF8 wrote the surrogate's
 * own 3 bytes (invalid UTF-8, read back as three U+FFFD): the same length, so offsets hold.
 */
function stringToPtr(m: PgQueryWasm, text: string): number {
  if (typeof text !== 'string') throw new TypeError(`Expected a string, got ${typeof text}`);
  const size = Buffer.byteLength(text, 'utf8');
  const ptr = m._malloc(size + 1);
  const heap = m.HEAPU8; // read after _malloc, which may grow the memory
  encoder.encodeInto(text, heap.subarray(ptr, ptr + size));
  heap[ptr + size] = 0;
  return ptr;
}

/** The NUL-terminated UTF-8 string at ptr (TypedArray indexOf is a native search). */
function ptrToString(m: PgQueryWasm, ptr: number): string {
  if (!ptr) return '';
  const heap = m.HEAPU8;
  return decoder.decode(heap.subarray(ptr, heap.indexOf(0, ptr)));
}

export function parseSync(query: string): ParseResult {
  const m = loaded();
  if (query === null || query === undefined) throw new Error('Query cannot be null or undefined');
  if (query === '') throw new Error('Query cannot be empty');
  const queryPtr = stringToPtr(m, query);
  let resultPtr = 0;
  try {
    resultPtr = m._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) throw new Error('Failed to parse query: memory allocation failed');
    // PgQueryParseResult: parse_tree, stderr_buffer, error (pointers, 4 bytes each).
    const parseTreePtr = m.getValue(resultPtr, 'i32');
    const errorPtr = m.getValue(resultPtr + 8, 'i32');
    if (errorPtr) {
      // PgQueryError: message, funcname, filename, lineno, cursorpos.
      const messagePtr = m.getValue(errorPtr, 'i32');
      const funcnamePtr = m.getValue(errorPtr + 4, 'i32');
      const filenamePtr = m.getValue(errorPtr + 8, 'i32');
      const lineno = m.getValue(errorPtr + 12, 'i32');
      const cursorpos = m.getValue(errorPtr + 16, 'i32');
      const message = messagePtr ? ptrToString(m, messagePtr) : 'Unknown error';
      throw new SqlError(message, {
        message,
        cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0, // 1-based in libpg_query
        fileName: filenamePtr ? ptrToString(m, filenamePtr) : undefined,
        functionName: funcnamePtr ? ptrToString(m, funcnamePtr) : undefined,
        lineNumber: lineno > 0 ? lineno : undefined,
      });
    }
    if (!parseTreePtr) throw new Error('No parse tree generated');
    return JSON.parse(ptrToString(m, parseTreePtr)) as ParseResult;
  } finally {
    m._free(queryPtr);
    if (resultPtr) m._wasm_free_parse_result(resultPtr);
  }
}

/** A call whose result is a JSON string on success, an error message when `failed` says so; the string is freed after. */
function callForJson(query: string, call: (m: PgQueryWasm, ptr: number) => number, failed: (result: string) => boolean): unknown {
  const m = loaded();
  const queryPtr = stringToPtr(m, query);
  let resultPtr = 0;
  try {
    resultPtr = call(m, queryPtr);
    const result = ptrToString(m, resultPtr);
    if (failed(result)) throw new Error(result);
    return JSON.parse(result);
  } finally {
    m._free(queryPtr);
    if (resultPtr) m._wasm_free_string(resultPtr);
  }
}

/** Success is always a JSON object; anything else is an error message (libpg-query's parsePlPgSQLSync). */
export function parsePlPgSQLSync(query: string): ParseResult {
  return callForJson(query, (m, ptr) => m._wasm_parse_plpgsql(ptr), (r) => !r.startsWith('{')) as ParseResult;
}

export function scanSync(query: string): ScanResult {
  return callForJson(query, (m, ptr) => m._wasm_scan(ptr), (r) => r.startsWith('syntax error') || r.startsWith('deparse error') || r.startsWith('ERROR')) as ScanResult;
}
