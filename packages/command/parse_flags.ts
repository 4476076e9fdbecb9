import { parseArgs } from "node:util";
import type { Flag } from "./flag.ts";
import { checkOutputPath } from "./output_path.ts";
import { UsageError } from "./usage_error.ts";

/**
 * A command's flags, by long name (without `--`), in the order `--help`
 * lists them.
 *
 * @example
 * ```ts
 * import { count, type Flags, text } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const flags = { port: count({ description: "port", default: 8000 }), host: text({ description: "host" }) } satisfies Flags;
 * assert.deepEqual(Object.keys(flags), ["port", "host"]);
 * ```
 */
// deno-lint-ignore no-explicit-any
export type Flags = Readonly<Record<string, Flag<any, any>>>;

/**
 * The values of parsed flags, typed by their flags: a flag with a default
 * gives its value type, one without gives it or undefined.
 *
 * @example
 * ```ts
 * import { count, type FlagValues, text } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const flags = { port: count({ description: "port", default: 8000 }), host: text({ description: "host" }) };
 * const values: FlagValues<typeof flags> = { port: 80, host: undefined };
 * assert.equal(values.port, 80);
 * ```
 */
export type FlagValues<F extends Flags> = {
  -readonly [K in keyof F]: F[K] extends Flag<infer V, infer D>
    ? ([D] extends [V] ? V : V | undefined)
    : never;
};

/**
 * What {@linkcode parseFlags} returns.
 *
 * @example
 * ```ts
 * import { boolean, parseFlags, type ParsedFlags } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const flags = { json: boolean({ description: "JSON" }) };
 * const parsed: ParsedFlags<typeof flags> = parseFlags(["--json"], flags);
 * assert.deepEqual([parsed.values.json, [...parsed.given], parsed.help], [true, ["json"], false]);
 * ```
 */
export interface ParsedFlags<F extends Flags> {
  /** Every flag's value, the given ones converted and the others at their default. */
  readonly values: FlagValues<F>;
  /** The flags given on the command line. */
  readonly given: ReadonlySet<keyof F & string>;
  /** Whether `--help` was given. */
  readonly help: boolean;
}

/**
 * Parses `args` against `flags` (plus `--help`), converting and checking
 * each value, and checking, unless `--help` is given, that every output
 * file (`writes`) can be written.
 *
 * @param args The command line after the command's name.
 * @param flags The command's flags.
 * @returns The typed values, which flags were given, and whether help was asked for.
 * @throws {UsageError} On an unknown flag, a missing value, a positional
 * argument, a value of the wrong kind, or an output file that cannot be written.
 *
 * @example
 * ```ts
 * import { count, number, parseFlags, text } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const flags = {
 *   lr: number({ description: "learning rate", default: 0.1 }),
 *   iterations: count({ description: "passes", default: 500, allowZero: true }),
 *   data: text({ description: "data" }),
 * };
 * const { values } = parseFlags(["--lr=0.5", "--data", "train.csv"], flags);
 * const lr: number = values.lr;
 * const data: string | undefined = values.data;
 * assert.deepEqual([lr, values.iterations, data], [0.5, 500, "train.csv"]);
 * ```
 */
export function parseFlags<F extends Flags>(args: readonly string[], flags: F): ParsedFlags<F> {
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = { type: flag.takesValue ? "string" : "boolean" };
  }
  let raw: Record<string, string | boolean | undefined>;
  try {
    raw = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const values: Record<string, unknown> = {};
  const given = new Set<keyof F & string>();
  for (const [name, flag] of Object.entries(flags)) {
    const text = raw[name];
    if (text === undefined) {
      values[name] = flag.default;
      continue;
    }
    given.add(name);
    values[name] = flag.parse(String(text), `--${name}`);
  }
  const help = raw.help === true;
  for (const [name, flag] of Object.entries(flags)) {
    const path = values[name];
    if (flag.writes && !help && typeof path === "string") checkOutputPath(path, `--${name}`);
  }
  // Each value came from its own flag's parse or default, so it has that flag's type.
  return { values: values as FlagValues<F>, given, help };
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = message.match(/Unknown option '([^']+)'/);
  if (unknown) return `unknown flag ${unknown[1]} (see --help)`;
  const positional = message.match(/Unexpected argument '([^']+)'/);
  if (positional) return `unexpected argument "${positional[1]}" (flags start with --; see --help)`;
  const missing = message.match(/Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/);
  if (missing) return `${missing[1]} needs a value`;
  const ambiguous = message.match(/Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/);
  if (ambiguous) {
    return `${ambiguous[1]} is followed by a value starting with "-": write ${ambiguous[1]}=VALUE`;
  }
  return message;
}
