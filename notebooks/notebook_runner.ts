// Running the notebooks headlessly: Debian's Python with jupyter_client (from
// python3-nbclient) drives Deno's Jupyter kernel (`_execute.py`), and
// `jupyter nbconvert --to html` exports the result.

/** Debian's Python, which has the Jupyter packages (a `python3` earlier on PATH may not). */
const PYTHON = "/usr/bin/python3";
const EXECUTE = new URL("./_execute.py", import.meta.url).pathname;

/** How to get what the notebooks need, in one line. */
export const INSTALL_HINT =
  "install Jupyter with `apt-get install jupyter-nbconvert python3-nbclient`, then run `deno jupyter --install`";

/**
 * What is missing to run the notebooks here, or undefined when nothing is:
 * Debian's Jupyter packages, or Deno's kernel.
 *
 * @returns The missing piece, in words, or undefined.
 */
export async function missingJupyter(): Promise<string | undefined> {
  const ok = async (command: string, args: string[]) => {
    try {
      const { success } = await new Deno.Command(command, { args, stdout: "null", stderr: "null" })
        .output();
      return success;
    } catch {
      return false;
    }
  };
  if (!await ok(PYTHON, ["-c", "import jupyter_client"])) {
    return "python3-nbclient is not installed";
  }
  if (!await ok("jupyter", ["nbconvert", "--version"])) return "jupyter-nbconvert is not installed";
  return await kernelInstalled() ? undefined : "Deno's Jupyter kernel is not installed";
}

/** Whether `deno jupyter --install` has put Deno's kernel where Jupyter looks. */
async function kernelInstalled(): Promise<boolean> {
  const home = Deno.env.get("HOME") ?? "";
  for (
    const dir of [
      `${home}/.local/share/jupyter/kernels/deno`,
      "/usr/local/share/jupyter/kernels/deno",
      "/usr/share/jupyter/kernels/deno",
    ]
  ) {
    try {
      await Deno.stat(`${dir}/kernel.json`);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

const MATHJAX = "/usr/share/javascript/mathjax/MathJax.js";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** How one notebook's execution went. */
export interface Execution {
  /** Whether every cell ran without an error. */
  readonly ok: boolean;
  /** One line per failing cell: `NAME.ipynb: cell N: Error: …`. */
  readonly failures: readonly string[];
  /** Seconds the execution took, the kernel's start included. */
  readonly seconds: number;
}

/**
 * Executes a notebook cell by cell on its kernel and writes it, outputs
 * included, to `output` (which may be `input`, to refresh the stored outputs).
 *
 * @param input The notebook.
 * @param output Where the executed notebook goes.
 * @param options `timeoutSeconds`: the longest one cell may take (default 300).
 * @returns Whether every cell ran, the failing cells, and the time.
 */
export async function executeNotebook(
  input: string,
  output: string,
  options: { timeoutSeconds?: number } = {},
): Promise<Execution> {
  const start = performance.now();
  const result = await new Deno.Command(PYTHON, {
    args: [EXECUTE, input, output, "--timeout", String(options.timeoutSeconds ?? 300)],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const failures = new TextDecoder().decode(result.stdout).split("\n").filter((l) => l !== "");
  if (!result.success && failures.length === 0) {
    failures.push(`${input}: ${new TextDecoder().decode(result.stderr).trim().split("\n").at(-1)}`);
  }
  return { ok: result.success, failures, seconds: (performance.now() - start) / 1000 };
}

/**
 * Exports an executed notebook to one HTML page beside it (`NAME.html`).
 *
 * @param notebook The executed notebook.
 * @returns The HTML file's path.
 * @throws {Error} If nbconvert fails.
 */
export async function exportHtml(notebook: string): Promise<string> {
  // Debian's MathJax (libjs-mathjax), where installed: the page then typesets the
  // equations offline, instead of asking a CDN.
  const mathjax = await exists(MATHJAX)
    ? [`--HTMLExporter.mathjax_url=file://${MATHJAX}?config=TeX-AMS_HTML`]
    : [];
  const { success, stderr } = await new Deno.Command("jupyter", {
    args: ["nbconvert", "--to", "html", ...mathjax, notebook],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `Cannot export ${notebook} to HTML: ${new TextDecoder().decode(stderr).trim()}`,
    );
  }
  return notebook.replace(/\.ipynb$/, ".html");
}

/**
 * The key figures a notebook printed: every `NAME accuracy 0.1234` pair of
 * its `Final:` lines (the tutorial's train and dev accuracy).
 *
 * @param notebook The notebook's JSON.
 * @returns The figures by name, e.g. `{ train: 0.846, dev: 0.874 }`.
 *
 * @example
 * ```ts
 * import { keyFigures } from "./notebook_runner.ts";
 * import assert from "node:assert/strict";
 *
 * const notebook = { cells: [{ cell_type: "code", outputs: [{ output_type: "execute_result", data: { "text/markdown": ["Final: train accuracy 0.8460, dev accuracy 0.8740"] } }] }] };
 * assert.deepEqual(keyFigures(notebook), { train: 0.846, dev: 0.874 });
 * ```
 */
export function keyFigures(notebook: unknown): Record<string, number> {
  const text = JSON.stringify(notebook);
  const figures: Record<string, number> = {};
  for (const [line] of text.matchAll(/Final: [^"\\]*/g)) {
    for (const [, name, value] of line.matchAll(/(\w+) accuracy ([\d.]+)/g)) {
      figures[name] = Number(value);
    }
  }
  return figures;
}
