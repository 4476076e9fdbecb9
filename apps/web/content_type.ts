const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  png: "image/png",
  svg: "image/svg+xml",
  idx: "application/octet-stream",
  smnn: "application/octet-stream",
};

/**
 * The `content-type` of a served file, from its extension.
 *
 * @param path The file's name or URL path.
 * @returns The media type; `application/octet-stream` for anything unknown.
 *
 * @example
 * ```ts
 * import { contentType } from "./content_type.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(contentType("/app.js"), "text/javascript; charset=utf-8");
 * assert.equal(contentType("model.smnn"), "application/octet-stream");
 * ```
 */
export function contentType(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? TYPES[name.slice(dot + 1).toLowerCase()] : undefined) ??
    "application/octet-stream";
}
