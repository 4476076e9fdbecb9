import { errorLine } from "@simple-mnist/files";

/**
 * A mistake in how the command was called (unknown flag, bad value): the
 * CLI prints it and exits with {@linkcode EXIT_USAGE}.
 *
 * @example
 * ```ts
 * import { UsageError } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const error = new UsageError('--hidden must be a positive integer, got "x"');
 * assert.equal(error.name, "UsageError");
 * ```
 */
export class UsageError extends Error {
  /**
   * Creates the error.
   *
   * @param message What was wrong, e.g. `--hidden must be a positive integer, got "x"`.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Exit status for usage errors.
 *
 * @example
 * ```ts
 * import { EXIT_USAGE } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * assert.equal(EXIT_USAGE, 2);
 * ```
 */
export const EXIT_USAGE = 2;

/**
 * Exit status for bad data or model files, and any other failure.
 *
 * @example
 * ```ts
 * import { EXIT_FAILURE } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * assert.equal(EXIT_FAILURE, 1);
 * ```
 */
export const EXIT_FAILURE = 1;

/**
 * Prints an error as one `error:` line on stderr (its message's first line,
 * no stack trace; a raw OS error from Deno in words, naming its file, by
 * `errorLine` of `@simple-mnist/files`) and returns the exit status it calls for:
 * {@linkcode EXIT_USAGE} for a {@linkcode UsageError}, else
 * {@linkcode EXIT_FAILURE}.
 *
 * @param error What was thrown.
 * @param print Where the line goes (default: `console.error`).
 * @returns The exit status.
 *
 * @example
 * ```ts
 * import { reportError, UsageError } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const lines: string[] = [];
 * assert.equal(reportError(new UsageError("--port must be at most 65535"), (l) => lines.push(l)), 2);
 * assert.equal(reportError(new Error("Cannot load model from m: no such file\n  at …"), (l) => lines.push(l)), 1);
 * assert.deepEqual(lines, ["error: --port must be at most 65535", "error: Cannot load model from m: no such file"]);
 * ```
 */
export function reportError(
  error: unknown,
  print: (line: string) => void = console.error,
): number {
  print(`error: ${errorLine(error)}`);
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
