/**
 * Headless Chromium for end-to-end tests: Debian's `chromium` binary driven
 * by npm `playwright-core`, never a browser download. The flags keep it off
 * the network (no component updates, sync or background requests).
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's `chromium` package puts its binary (override with `CHROMIUM_PATH`). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** The launch flags every test uses: no sandbox (root in CI), no GPU, no network of its own. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function executablePath(): string {
  let path = CHROMIUM_PATH;
  try {
    path = Deno.env.get("CHROMIUM_PATH") ?? CHROMIUM_PATH;
  } catch {
    // Without --allow-env the default path is used.
  }
  return path;
}

/**
 * Whether the Chromium binary exists, so that a test can say why it is skipped.
 *
 * @returns True when the binary is there.
 */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(executablePath()).isFile;
  } catch {
    return false;
  }
}

/**
 * Launches headless Chromium.
 *
 * @returns The browser; close it when done.
 * @throws {Error} If the binary is missing (install Debian's `chromium`).
 */
export async function launchChromium(): Promise<Browser> {
  const path = executablePath();
  if (!hasChromium()) {
    throw new Error(`Cannot launch Chromium: ${path} does not exist (apt-get install chromium)`);
  }
  return await chromium.launch({ executablePath: path, args: [...CHROMIUM_FLAGS] });
}

/** What a page did wrong while a test drove it. */
export interface PageProblems {
  /** Console messages of type `error`, and uncaught exceptions. */
  readonly errors: string[];
  /** Requests that failed or answered 4xx/5xx, as `METHOD URL (reason)`. */
  readonly failedRequests: string[];
}

/**
 * Records a page's console errors, uncaught exceptions and failed requests
 * from now on, so that a test can assert there were none.
 *
 * @param page The page to watch.
 * @returns Lists that fill as the page runs.
 */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { errors: [], failedRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.errors.push(message.text());
  });
  page.on("pageerror", (error) => problems.errors.push(String(error)));
  page.on("requestfailed", (request) => {
    problems.failedRequests.push(
      `${request.method()} ${request.url()} (${request.failure()?.errorText ?? "failed"})`,
    );
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.failedRequests.push(
        `${response.request().method()} ${response.url()} (${response.status()})`,
      );
    }
  });
  return problems;
}
