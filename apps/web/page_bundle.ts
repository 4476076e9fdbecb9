/** The page's scripts: the name each is served as, and the module it is bundled from. */
export const PAGE_SCRIPTS: Readonly<Record<string, URL>> = {
  "app.js": new URL("./src/page.ts", import.meta.url),
  "train_worker.js": new URL("./src/train_worker.ts", import.meta.url),
  // The wasm backend's second thread, started by the training worker.
  "kernel_worker.js": new URL(import.meta.resolve("@simple-mnist/backend-wasm/kernel-worker")),
};

/**
 * Bundles the page's scripts, the project's packages included, into plain
 * browser JavaScript with Deno's built-in bundler (`Deno.bundle`, run with
 * `--unstable-bundle`). Nothing is written to disk and nothing is fetched
 * from a CDN: the page runs offline.
 *
 * @param scripts The scripts by served name (default {@linkcode PAGE_SCRIPTS}).
 * @returns Each script's JavaScript, by served name.
 * @throws {Error} If bundling fails, with the bundler's messages.
 *
 * @example
 * ```ts ignore
 * import { bundlePage } from "./page_bundle.ts";
 * import assert from "node:assert/strict";
 *
 * const scripts = await bundlePage();
 * assert.ok(scripts.get("app.js")!.length > 0);
 * ```
 */
export async function bundlePage(
  scripts: Readonly<Record<string, URL>> = PAGE_SCRIPTS,
): Promise<Map<string, Uint8Array>> {
  const names = Object.keys(scripts);
  const entrypoints = names.map((name) => scripts[name].pathname);
  const outputDir = "/bundle";
  const result = await Deno.bundle({
    entrypoints,
    outputDir,
    platform: "browser",
    format: "esm",
    write: false,
    minify: true,
  });
  if (!result.success || result.outputFiles === undefined) {
    const messages = result.errors.map((e) => e.text).join("; ");
    throw new Error(`Cannot bundle the page: ${messages || "the bundler returned no files"}`);
  }
  // The bundler names each output after its entry's path below the entries' common folder.
  const common = commonFolder(entrypoints);
  const out = new Map<string, Uint8Array>();
  for (const [index, name] of names.entries()) {
    const want = `${outputDir}${entrypoints[index].slice(common.length).replace(/\.ts$/, ".js")}`;
    const file = result.outputFiles.find((f) => f.path === want);
    if (file === undefined) {
      throw new Error(
        `Cannot bundle the page: no output for ${name} (got ${
          result.outputFiles.map((f) => f.path).join(", ")
        })`,
      );
    }
    out.set(name, file.contents ?? new TextEncoder().encode(file.text()));
  }
  return out;
}

function commonFolder(paths: readonly string[]): string {
  const parts = paths.map((p) => p.split("/").slice(0, -1));
  const first = parts[0];
  let length = 0;
  while (length < first.length && parts.every((p) => p[length] === first[length])) length++;
  return first.slice(0, length).join("/");
}
