import { UsageError } from "./usage_error.ts";

/**
 * One flag of a command: how it is shown in `--help`, its default, and how
 * its text becomes a typed value. `V` is the value's type; `D` is the
 * default's (undefined when it has none), so that a flag with a default
 * parses to `V` and one without to `V | undefined`.
 *
 * @example
 * ```ts
 * import { count, type Flag } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const seed: Flag<number, number> = count({ description: "seed", default: 0, allowZero: true });
 * assert.equal(seed.default, 0);
 * assert.equal(seed.parse("3", "--seed"), 3);
 * ```
 */
export interface Flag<V, D extends V | undefined = V | undefined> {
  /** Whether the flag takes a value (`--lr 0.1`) or stands alone (`--json`). */
  readonly takesValue: boolean;
  /** Placeholder shown in help, e.g. `PATH`. */
  readonly value?: string;
  /** Help text. */
  readonly description: string;
  /** The value when the flag is not given (none: the value is undefined then). */
  readonly default?: D;
  /** How help describes the default when it is not a plain value, e.g. "full batch". */
  readonly shown?: string;
  /** The allowed values, for help. */
  readonly choices?: readonly string[];
  /** The value is a file the command writes: `parseFlags` checks it can, before any work. */
  readonly writes?: boolean;
  /**
   * Converts the flag's text.
   *
   * @param text What followed the flag.
   * @param name The flag as written, e.g. `--lr`, for the message.
   * @throws {UsageError} If the text is not a valid value.
   */
  parse(text: string, name: string): V;
}

/**
 * What every flag constructor takes.
 *
 * @example
 * ```ts
 * import { count, type FlagOptions } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const options: FlagOptions<number> = { description: "passes", default: 500 };
 * assert.equal(count(options).default, 500);
 * ```
 */
export interface FlagOptions<D> {
  /** Help text. */
  readonly description: string;
  /** Placeholder shown in help (default by kind: `N`, `X`, `NAME`, `PATH`, `LIST`). */
  readonly value?: string;
  /** The value when the flag is not given. */
  readonly default?: D;
  /** How help describes the default when it is not a plain value. */
  readonly shown?: string;
}

/**
 * A flag whose value is text (a path, a host).
 *
 * @param options Help, default, and `writes` for an output file.
 * @returns The flag.
 *
 * @example
 * ```ts
 * import { text } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const data = text({ value: "PATH", description: "the data" });
 * assert.equal(data.parse("train.csv", "--data"), "train.csv");
 * assert.throws(() => data.parse("", "--data"), /--data needs a value/);
 * ```
 */
export function text<D extends string | undefined = undefined>(
  options: FlagOptions<D> & { readonly writes?: boolean },
): Flag<string, D> {
  return {
    takesValue: true,
    value: "PATH",
    ...options,
    parse(text, name) {
      if (text === "") throw new UsageError(`${name} needs a value`);
      return text;
    },
  };
}

/**
 * A flag whose value is one of a fixed list of names.
 *
 * @param choices The allowed values.
 * @param options Help and default.
 * @returns The flag.
 *
 * @example
 * ```ts
 * import { choice } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const init = choice(["uniform", "he"] as const, { description: "init", default: "uniform" });
 * const value: "uniform" | "he" = init.parse("he", "--init");
 * assert.equal(value, "he");
 * assert.throws(() => init.parse("zeros", "--init"), /--init must be one of uniform, he, got "zeros"/);
 * ```
 */
export function choice<C extends string, D extends C | undefined = undefined>(
  choices: readonly C[],
  options: FlagOptions<D>,
): Flag<C, D> {
  return {
    takesValue: true,
    value: "NAME",
    ...options,
    choices,
    parse(text, name) {
      const found = choices.find((c) => c === text);
      if (found === undefined) {
        throw new UsageError(`${name} must be one of ${choices.join(", ")}, got "${text}"`);
      }
      return found;
    },
  };
}

/**
 * A flag whose value is a whole number: positive, or with `allowZero` non-negative.
 *
 * @param options Help, default, `allowZero` and an optional `max`.
 * @returns The flag.
 *
 * @example
 * ```ts
 * import { count } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const port = count({ description: "port", default: 8000, allowZero: true, max: 65535 });
 * assert.equal(port.parse("0", "--port"), 0);
 * assert.throws(() => port.parse("1e3", "--port"), /--port must be a non-negative integer, got "1e3"/);
 * assert.throws(() => port.parse("70000", "--port"), /--port must be at most 65535, got 70000/);
 * ```
 */
export function count<D extends number | undefined = undefined>(
  options: FlagOptions<D> & { readonly allowZero?: boolean; readonly max?: number },
): Flag<number, D> {
  return {
    takesValue: true,
    value: "N",
    ...options,
    parse(text, name) {
      const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < (options.allowZero ? 0 : 1)) {
        throw new UsageError(
          `${name} must be ${
            options.allowZero ? "a non-negative" : "a positive"
          } integer, got "${text}"`,
        );
      }
      if (options.max !== undefined && n > options.max) {
        throw new UsageError(`${name} must be at most ${options.max}, got ${n}`);
      }
      return n;
    },
  };
}

/**
 * A flag whose value is a comma-separated list of positive whole numbers.
 *
 * @param options Help and default.
 * @returns The flag.
 *
 * @example
 * ```ts
 * import { counts } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const hidden = counts({ description: "hidden widths" });
 * assert.deepEqual(hidden.parse("512,256", "--hidden"), [512, 256]);
 * assert.throws(() => hidden.parse("512,x", "--hidden"), /item 2 is "x"/);
 * ```
 */
export function counts<D extends readonly number[] | undefined = undefined>(
  options: FlagOptions<D>,
): Flag<readonly number[], D> {
  return {
    takesValue: true,
    value: "LIST",
    ...options,
    parse(text, name) {
      const parts = text.split(",");
      const values = parts.map((part) => (/^\d+$/.test(part.trim()) ? Number(part) : Number.NaN));
      const bad = values.findIndex((n) => !Number.isSafeInteger(n) || n < 1);
      if (bad >= 0) {
        throw new UsageError(
          `${name} must be a comma-separated list of positive integers, got "${text}" (item ${
            bad + 1
          } is ${JSON.stringify(parts[bad])})`,
        );
      }
      return values;
    },
  };
}

/**
 * A flag whose value is a finite number: positive, or with `allowZero`
 * non-negative, and below `below` when given (a probability is below 1).
 *
 * @param options Help, default and range.
 * @returns The flag.
 *
 * @example
 * ```ts
 * import { number } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const dropout = number({ description: "rate", default: 0, allowZero: true, below: 1 });
 * assert.equal(dropout.parse("0.2", "--dropout"), 0.2);
 * assert.throws(() => dropout.parse("1", "--dropout"), /--dropout must be a number in \[0, 1\), got "1"/);
 * ```
 */
export function number<D extends number | undefined = undefined>(
  options: FlagOptions<D> & { readonly allowZero?: boolean; readonly below?: number },
): Flag<number, D> {
  return {
    takesValue: true,
    value: "X",
    ...options,
    parse(text, name) {
      const n = text.trim() === "" ? Number.NaN : Number(text);
      const low = options.allowZero ? n >= 0 : n > 0;
      if (!Number.isFinite(n) || !low || (options.below !== undefined && !(n < options.below))) {
        const range = options.below === undefined
          ? (options.allowZero ? "a number ≥ 0" : "a positive number")
          : `a number in ${options.allowZero ? "[0" : "(0"}, ${options.below})`;
        throw new UsageError(`${name} must be ${range}, got "${text}"`);
      }
      return n;
    },
  };
}

/**
 * A flag that stands alone: true when given, false otherwise.
 *
 * @param options Help.
 * @returns The flag.
 *
 * @example
 * ```ts
 * import { boolean } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const json = boolean({ description: "print JSON" });
 * assert.equal(json.default, false);
 * ```
 */
export function boolean(options: { readonly description: string }): Flag<boolean, boolean> {
  return { takesValue: false, ...options, default: false, parse: () => true };
}
