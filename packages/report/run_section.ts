import { escapeHtml, type Section } from "./section.ts";

/**
 * What the report says about the run: labelled facts (architecture,
 * backend, data, times, results) and the command's flags with the value
 * each had.
 *
 * @example
 * ```ts
 * import type { RunDetails } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const run: RunDetails = { facts: [["Backend", "wasm"]], flags: [["--lr", "0.1"]] };
 * assert.equal(run.facts.length, 1);
 * ```
 */
export interface RunDetails {
  /** `[label, value]` pairs, shown in order. */
  readonly facts: readonly (readonly [string, string])[];
  /** `[flag, value]` pairs, e.g. `["--lr", "0.1"]`; a flag left at its default says so in its value. */
  readonly flags?: readonly (readonly [string, string])[];
}

/**
 * The "Run" section: the facts as a list, then the flags as a table.
 *
 * @param run The facts and flags.
 * @returns The section.
 *
 * @example
 * ```ts
 * import { runSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section = runSection({ facts: [["Architecture", "784-10-10"]] });
 * assert.match(section.html, /784-10-10/);
 * ```
 */
export function runSection(run: RunDetails): Section {
  const facts = run.facts.map(([label, value]) =>
    `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`
  ).join("");
  const flags = run.flags === undefined || run.flags.length === 0 ? "" : [
    '<table class="flags"><thead><tr><th>flag</th><th>value</th></tr></thead><tbody>',
    ...run.flags.map(([flag, value]) =>
      `<tr><td><code>${escapeHtml(flag)}</code></td><td>${escapeHtml(value)}</td></tr>`
    ),
    "</tbody></table>",
  ].join("");
  return { id: "run", title: "Run", html: `<div class="run"><dl>${facts}</dl>${flags}</div>` };
}
