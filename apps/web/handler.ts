import { contentType } from "./content_type.ts";
import { resolveRequestPath } from "./request_path.ts";

/** The largest request body the server reads; the app itself sends none. */
export const MAX_BODY_BYTES = 1024;

/**
 * Headers on every response. The page shares WebAssembly memory between
 * threads, which a browser allows only to a cross-origin isolated page
 * (the opener and embedder policies); the content security policy keeps
 * every script, style, worker and fetch on this origin.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
    "img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

/**
 * A file served from disk as it is read, in chunks, so that a download
 * holds no more than a chunk or two of it in memory however large it is.
 *
 * @example
 * ```ts
 * import type { FileBody } from "./handler.ts";
 * import assert from "node:assert/strict";
 *
 * const file: FileBody = { path: "/srv/train-images.idx", size: 47_040_016 };
 * assert.equal(file.size, 16 + 60_000 * 784);
 * ```
 */
export interface FileBody {
  /** The file on disk. */
  readonly path: string;
  /** Its size in bytes, checked when the site was built: the `content-length`. */
  readonly size: number;
}

/**
 * Every route the server answers: URL path → what is served there, bytes
 * held in memory (the page, its scripts, the model) or a file streamed
 * from disk (the MNIST files). Nothing outside this table is ever served.
 */
export type Routes = ReadonlyMap<string, Uint8Array | FileBody>;

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", ...extra },
  });
}

/**
 * Reads at most `limit` bytes of the body; false when there are more.
 * Deno hands a handler no body for `GET` and `HEAD`, so such a request that
 * announces a chunked body (`transfer-encoding`) cannot be measured: it is
 * refused as if it were too large, whatever its size.
 */
async function bodyWithin(request: Request, limit: number): Promise<boolean> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) return false;
  if (request.body === null) return !request.headers.has("transfer-encoding");
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      total += value.length;
      if (total > limit) return false;
    }
  } finally {
    reader.releaseLock();
    await request.body.cancel().catch(() => {});
  }
}

/**
 * The request handler of the web app: `GET` and `HEAD` of the paths in
 * `routes` only. A path is decoded and resolved first (see
 * `resolveRequestPath`): one that climbs out, hides a separator, or is not
 * in the table gets 404; other methods get 405; a body over
 * {@linkcode MAX_BODY_BYTES} gets 413, chunked or not (a chunked body on a
 * `GET` or `HEAD`, which cannot be read, gets 413 at any size). A
 * {@linkcode FileBody} is streamed from disk; a file that cannot be opened
 * any more gets 500.
 *
 * @param routes What to serve.
 * @returns The handler for `Deno.serve`.
 *
 * @example
 * ```ts
 * import { createHandler } from "./handler.ts";
 * import assert from "node:assert/strict";
 *
 * const handler = createHandler(new Map([["/", new TextEncoder().encode("<p>hi</p>")]]));
 * const ok = await handler(new Request("http://localhost/"));
 * assert.equal(ok.headers.get("content-type"), "text/html; charset=utf-8");
 * assert.equal((await handler(new Request("http://localhost/%2e%2e/etc/passwd"))).status, 404);
 * ```
 */
export function createHandler(routes: Routes): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!await bodyWithin(request, MAX_BODY_BYTES)) {
      return plain(413, `Request body too large: at most ${MAX_BODY_BYTES} bytes`);
    }
    // The raw path, before the URL parser has applied any "..".
    const raw = rawPathname(request.url);
    const path = raw === "/" ? "/" : resolveRequestPath("/", raw);
    const body = path === undefined ? undefined : routes.get(path);
    if (path === undefined || body === undefined) return plain(404, "Not found");
    if (request.method !== "GET" && request.method !== "HEAD") {
      return plain(405, "Method not allowed", { allow: "GET, HEAD" });
    }
    const headers = {
      ...SECURITY_HEADERS,
      "content-type": contentType(path === "/" ? "/index.html" : path),
      "content-length": String(body instanceof Uint8Array ? body.length : body.size),
    };
    if (request.method === "HEAD") return new Response(null, { headers });
    if (body instanceof Uint8Array) {
      return new Response(body as Uint8Array<ArrayBuffer>, { headers });
    }
    let file: Deno.FsFile;
    try {
      file = await Deno.open(body.path);
    } catch {
      return plain(500, `Cannot read ${path}: the file is gone from the server`);
    }
    // The stream reads the file as the client takes it, and closes it at the end or on abort.
    return new Response(file.readable, { headers });
  };
}

/** The path of a request URL as sent, without query or fragment. */
function rawPathname(url: string): string {
  const afterScheme = url.indexOf("//");
  const start = url.indexOf("/", afterScheme + 2);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}
