/**
 * What simple-mnist's command-line programs share (the CLI and the web
 * app's server): typed flags, `--help` text, usage errors with their exit
 * codes, and the check, before any work, that an output file can be written.
 *
 * @example Typed flags
 * ```ts
 * import { choice, count, parseFlags, UsageError } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const flags = {
 *   optimizer: choice(["sgd", "adam"], { description: "update rule", default: "sgd" }),
 *   iterations: count({ description: "passes", default: 500 }),
 * };
 * const { values, given } = parseFlags(["--optimizer", "adam"], flags);
 * const optimizer: "sgd" | "adam" = values.optimizer;
 * assert.deepEqual([optimizer, values.iterations, given.has("iterations")], ["adam", 500, false]);
 * assert.throws(() => parseFlags(["--iterations", "0"], flags), UsageError);
 * ```
 *
 * @module
 */
export * from "./usage_error.ts";
export * from "./flag.ts";
export * from "./parse_flags.ts";
export * from "./help_text.ts";
export * from "./output_path.ts";
