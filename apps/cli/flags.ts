import { parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import { checkOutputPath } from "./output_path.ts";

/** One flag of a command: its name, type, default and help line. */
export interface Flag {
  /** The long name, without `--`. */
  readonly name: string;
  /** How its value is read. */
  readonly type: "string" | "count" | "number" | "boolean" | "counts";
  /** Placeholder shown in help, e.g. `PATH`. */
  readonly value?: string;
  /** Help text. */
  readonly description: string;
  /** The value when the flag is not given. */
  readonly default?: string | number | boolean;
  /** How help describes the default when it is not a plain value, e.g. "full batch". */
  readonly shown?: string;
  /** The allowed values of a string flag. */
  readonly choices?: readonly string[];
  /** Whether 0 is allowed for a `count` or a `number` (default: positive only). */
  readonly allowZero?: boolean;
  /** For a `number`: the value must be below this (e.g. 1 for a probability). */
  readonly below?: number;
  /** The value is a file the command writes: `parseFlags` checks it can, before any work. */
  readonly writes?: boolean;
}

/** `--backend NAME`, shared by every command that computes. */
export const BACKEND_FLAG: Flag = {
  name: "backend",
  type: "string",
  value: "NAME",
  description: "compute backend",
  shown: "the fastest registered",
};

/** `--model PATH`, shared by the commands that read a saved model. */
export const MODEL_FLAG: Flag = {
  name: "model",
  type: "string",
  value: "PATH",
  description: "a model saved by train --save (required)",
};

/** The parsed values, by flag name. */
export type FlagValues = Record<string, string | number | boolean | undefined>;

/**
 * Parses `args` against `flags` (plus `--help`), converting and checking
 * each value.
 *
 * @throws {UsageError} On an unknown flag, a missing value, a positional
 * argument, a value of the wrong kind, or (unless `--help` is given) an
 * output file (`writes`) that cannot be written.
 */
export function parseFlags(args: string[], flags: readonly Flag[]): FlagValues & { help: boolean } {
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const flag of flags) {
    options[flag.name] = { type: flag.type === "boolean" ? "boolean" : "string" };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error));
  }
  const raw = parsed.values as Record<string, string | boolean | undefined>;
  const values: FlagValues = {};
  for (const flag of flags) {
    const given = raw[flag.name];
    values[flag.name] = given === undefined ? flag.default : convert(flag, given);
  }
  const help = raw.help === true;
  for (const flag of flags) {
    const path = values[flag.name];
    if (flag.writes && !help && typeof path === "string") checkOutputPath(path, `--${flag.name}`);
  }
  return { ...values, help };
}

function describeParseError(error: Error): string {
  const unknown = error.message.match(/Unknown option '([^']+)'/);
  if (unknown) return `unknown flag ${unknown[1]} (see --help)`;
  const positional = error.message.match(/Unexpected argument '([^']+)'/);
  if (positional) return `unexpected argument "${positional[1]}" (flags start with --; see --help)`;
  const missing = error.message.match(/Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/);
  if (missing) return `${missing[1]} needs a value`;
  const ambiguous = error.message.match(/Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/);
  if (ambiguous) {
    return `${ambiguous[1]} is followed by a value starting with "-": write ${ambiguous[1]}=VALUE`;
  }
  return error.message;
}

function convert(flag: Flag, given: string | boolean): string | number | boolean {
  if (flag.type === "boolean") return given;
  const text = String(given);
  const name = `--${flag.name}`;
  switch (flag.type) {
    case "string":
      if (flag.choices !== undefined && !flag.choices.includes(text)) {
        throw new UsageError(`${name} must be one of ${flag.choices.join(", ")}, got "${text}"`);
      }
      if (text === "") throw new UsageError(`${name} needs a value`);
      return text;
    case "count": {
      const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      const min = flag.allowZero ? 0 : 1;
      if (!Number.isSafeInteger(n) || n < min) {
        throw new UsageError(
          `${name} must be ${
            flag.allowZero ? "a non-negative" : "a positive"
          } integer, got "${text}"`,
        );
      }
      return n;
    }
    case "counts": {
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
      return values.join(",");
    }
    case "number": {
      const n = text.trim() === "" ? Number.NaN : Number(text);
      const low = flag.allowZero ? n >= 0 : n > 0;
      if (!Number.isFinite(n) || !low || (flag.below !== undefined && !(n < flag.below))) {
        const range = flag.below === undefined
          ? (flag.allowZero ? "a number ≥ 0" : "a positive number")
          : `a number in ${flag.allowZero ? "[0" : "(0"}, ${flag.below})`;
        throw new UsageError(`${name} must be ${range}, got "${text}"`);
      }
      return n;
    }
  }
}

/** Formats a command's help: usage, description and a table of flags with defaults. */
export function helpText(usage: string, description: string, flags: readonly Flag[]): string {
  const rows = [...flags, { name: "help", type: "boolean", description: "show this help" } as Flag]
    .map((flag) => {
      const left = `  --${flag.name}${flag.value ? ` ${flag.value}` : ""}`;
      const choices = flag.choices ? ` (${flag.choices.join("|")})` : "";
      const shown = flag.shown ?? flag.default;
      const fallback = shown === undefined || flag.type === "boolean" ? "" : ` [default: ${shown}]`;
      return [left, `${flag.description}${choices}${fallback}`] as const;
    });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `Usage: ${usage}`,
    "",
    description,
    "",
    "Flags:",
    ...rows.map(([left, right]) => left.padEnd(width) + right),
  ].join("\n");
}
