import type { Flags } from "./parse_flags.ts";

/**
 * Formats a command's help: usage, description and a table of its flags
 * with their choices and defaults.
 *
 * @param usage The usage line, e.g. `deno task train [flags]`.
 * @param description What the command does.
 * @param flags The command's flags.
 * @returns The text.
 *
 * @example
 * ```ts
 * import { choice, count, helpText } from "@simple-mnist/command";
 * import assert from "node:assert/strict";
 *
 * const text = helpText("deno task x", "Does x.", {
 *   hidden: count({ description: "hidden units", default: 10 }),
 *   init: choice(["uniform", "he"], { description: "init", default: "uniform" }),
 * });
 * assert.match(text, /--hidden N\s+hidden units \[default: 10\]/);
 * assert.match(text, /--init NAME\s+init \(uniform\|he\) \[default: uniform\]/);
 * ```
 */
export function helpText(usage: string, description: string, flags: Flags): string {
  const rows = [
    ...Object.entries(flags).map(([name, flag]) => {
      const left = `  --${name}${flag.takesValue ? ` ${flag.value}` : ""}`;
      const choices = flag.choices ? ` (${flag.choices.join("|")})` : "";
      const shown = flag.shown ??
        (Array.isArray(flag.default) ? flag.default.join(",") : flag.default);
      const fallback = shown === undefined || !flag.takesValue ? "" : ` [default: ${shown}]`;
      return [left, `${flag.description}${choices}${fallback}`] as const;
    }),
    ["  --help", "show this help"] as const,
  ];
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
