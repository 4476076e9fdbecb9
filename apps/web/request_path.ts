/**
 * Resolves the path of a request URL against a root directory the way a
 * careful file server does: the path is percent-decoded once, then
 * normalised (`.` and `..` segments applied), and refused when it would
 * leave the root, when it names a directory (the root, or any path ending
 * in `/`: there are no directory listings),
 * or when decoding hides a separator or a NUL (`%2f`, `%5c`, `%00`).
 *
 * @param root The directory the path is relative to, e.g. `/srv/app`.
 * @param pathname The URL's raw (still encoded) path, starting with `/`.
 * @returns The absolute file path inside `root`, or undefined when refused.
 *
 * @example
 * ```ts
 * import { resolveRequestPath } from "./request_path.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resolveRequestPath("/srv/app", "/style.css"), "/srv/app/style.css");
 * assert.equal(resolveRequestPath("/srv/app", "/a/../style.css"), "/srv/app/style.css");
 * assert.equal(resolveRequestPath("/srv/app", "/../secret"), undefined);
 * assert.equal(resolveRequestPath("/srv/app", "/%2e%2e/secret"), undefined);
 * assert.equal(resolveRequestPath("/srv/app", "/a%2f..%2f..%2fsecret"), undefined);
 * ```
 */
export function resolveRequestPath(root: string, pathname: string): string | undefined {
  if (!pathname.startsWith("/")) return undefined;
  // An encoded separator or NUL would only ever be used to smuggle one past this check.
  if (/%(2f|5c|00)/i.test(pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\\") || decoded.includes("\0") || decoded.endsWith("/")) return undefined;
  const segments: string[] = [];
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      // Climbing above the root is refused, not clamped.
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  const base = root.endsWith("/") ? root.slice(0, -1) : root;
  return `${base}/${segments.join("/")}`;
}
