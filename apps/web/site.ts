import uplotPackage from "uplot/package.json" with { type: "json" };
import { mnistFiles, SAMPLE_ROUTE, sampleImages } from "./mnist_files.ts";
import { bundlePage } from "./page_bundle.ts";
import type { FileBody, Routes } from "./handler.ts";
import { fileURLToPath } from "node:url";
import { readModelBytes } from "@simple-mnist/model";
import { modelShape } from "./src/model_adapter.ts";

/** The page's own files in `static/`, served under their names. */
export const STATIC_FILES: readonly string[] = ["index.html", "style.css"];

/** The model the page starts with when `--model` is not given (see `deno task build:web-model`). */
export const DEFAULT_MODEL = new URL("./default_model.smnn", import.meta.url);

/** What {@linkcode buildSite} serves. */
export interface SiteOptions {
  /** The model file to serve at `/model.smnn` (default {@linkcode DEFAULT_MODEL}). */
  readonly model?: string;
  /** Another directory of the four MNIST files (for tests). */
  readonly mnistDir?: string;
}

/** The routes and what was loaded. */
export interface Site {
  /** Every path the server answers. */
  readonly routes: Routes;
  /** The served model's layer sizes, e.g. `784-128-10`. */
  readonly modelShape: string;
}

/**
 * Gathers everything the server serves, before it listens: the page
 * (`/` is `static/index.html`), its bundled scripts, the model at
 * `/model.smnn` (all held in memory, about 1 MB) and the MNIST files
 * under `/data/` (checked, then streamed from disk when asked for), and the
 * first training images as a small file of their own for the page's strip of
 * augmented digits.
 *
 * @param options The model and data to serve.
 * @returns The routes.
 * @throws {Error} If the model is not a model file, a file is missing, or bundling fails;
 * the message starts with the file's path.
 *
 * @example
 * ```ts ignore
 * import { buildSite } from "./site.ts";
 * import assert from "node:assert/strict";
 *
 * const site = await buildSite();
 * assert.ok(site.routes.has("/app.js"));
 * ```
 */
export async function buildSite(options: SiteOptions = {}): Promise<Site> {
  const routes = new Map<string, Uint8Array | FileBody>();
  const modelName = options.model ?? fileURLToPath(DEFAULT_MODEL);
  // The CLI's bounded read, so serve refuses a bad --model in the same words as every command.
  const model = await readModelBytes(modelName);
  const shape = modelShape(model, modelName);
  for (const name of STATIC_FILES) {
    const bytes = await Deno.readFile(new URL(`./static/${name}`, import.meta.url));
    routes.set(name === "index.html" ? "/" : `/${name}`, bytes);
  }
  const [scripts, data] = await Promise.all([bundlePage(), mnistFiles(options.mnistDir)]);
  for (const [name, bytes] of scripts) routes.set(`/${name}`, bytes);
  for (const [path, file] of data) routes.set(path, file);
  routes.set(SAMPLE_ROUTE, await sampleImages(data.get("/data/train-images.idx")!));
  routes.set("/model.smnn", model);
  routes.set("/uplot.css", await Deno.readFile(uplotCss()));
  return { routes, modelShape: shape };
}

/** The stylesheet of the charts' library, from its npm package (fetched like any dependency). */
function uplotCss(): URL {
  // Importing the manifest (above) makes Deno fetch the package, so its files resolve locally.
  void uplotPackage.version;
  return new URL(import.meta.resolve("uplot/dist/uPlot.min.css"));
}
