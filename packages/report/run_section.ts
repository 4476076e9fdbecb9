import { escapeHtml, type Section } from "./section.ts";

/**
 * A two-column table of the "Run" section, e.g. the flags and their values.
 *
 * @example
 * ```ts
 * import type { RunTable } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const flags: RunTable = { head: ["flag", "value"], rows: [["--lr", "0.1"]] };
 * assert.equal(flags.rows.length, 1);
 * ```
 */
export interface RunTable {
  /** The two column headings. */
  readonly head: readonly [string, string];
  /** `[name, value]` rows; a name is shown as code. */
  readonly rows: readonly (readonly [string, string])[];
}

/**
 * What the report says about the run: labelled facts (architecture,
 * backend, data, times, results) and tables such as the command's flags
 * with the value each had.
 *
 * @example
 * ```ts
 * import type { RunDetails } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const run: RunDetails = { facts: [["Backend", "wasm"]], tables: [{ head: ["flag", "value"], rows: [["--lr", "0.1"]] }] };
 * assert.equal(run.facts.length, 1);
 * ```
 */
export interface RunDetails {
  /** `[label, value]` pairs, shown in order. */
  readonly facts: readonly (readonly [string, string])[];
  /** Tables beside the facts, e.g. the flags (a flag left at its default says so in its value). */
  readonly tables?: readonly RunTable[];
}

function tableHtml({ head, rows }: RunTable): string {
  if (rows.length === 0) return "";
  return [
    `<table class="flags"><thead><tr><th>${escapeHtml(head[0])}</th><th>${
      escapeHtml(head[1])
    }</th></tr></thead><tbody>`,
    ...rows.map(([name, value]) =>
      `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(value)}</td></tr>`
    ),
    "</tbody></table>",
  ].join("");
}

/**
 * The "Run" section: the facts as a list, then each table.
 *
 * @param run The facts and tables.
 * @returns The section.
 *
 * @example
 * ```ts
 * import { runSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section = runSection({ facts: [["Architecture", "784-10-10"]], tables: [{ head: ["flag", "value"], rows: [["--lr", "0.1"]] }] });
 * assert.match(section.html, /784-10-10/);
 * assert.match(section.html, /<code>--lr<\/code>/);
 * ```
 */
export function runSection(run: RunDetails): Section {
  const facts = run.facts.map(([label, value]) =>
    `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`
  ).join("");
  const tables = (run.tables ?? []).map(tableHtml).join("");
  return {
    id: "run",
    title: "Run",
    html: `<div class="run"><dl>${facts}</dl><div class="run-tables">${tables}</div></div>`,
  };
}
