import { escapeHtml, type Section } from "./section.ts";

/**
 * A titled list of settings in the "Run" section, e.g. the command's flags
 * and the value each had. A value that ends in `(default)` or
 * `(preset NAME)` gets that note in grey, so the settings given stand out.
 *
 * @example
 * ```ts
 * import type { RunTable } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const flags: RunTable = { title: "Flags", rows: [["--lr", "0.1 (default)"]] };
 * assert.equal(flags.rows.length, 1);
 * ```
 */
export interface RunTable {
  /** The heading, e.g. "Flags" or "Trained with". */
  readonly title: string;
  /** `[name, value]` rows; a name that starts with `--` is shown as code. */
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
 * const run: RunDetails = { facts: [["Backend", "wasm"]], tables: [{ title: "Flags", rows: [["--lr", "0.1"]] }] };
 * assert.equal(run.facts.length, 1);
 * ```
 */
export interface RunDetails {
  /** `[label, value]` pairs, shown in order. */
  readonly facts: readonly (readonly [string, string])[];
  /** Tables below the facts, e.g. the flags (a flag left at its default says so in its value). */
  readonly tables?: readonly RunTable[];
}

/** A value's closing note on where it came from, shown in grey. */
const ORIGIN = / \((default|preset [^()]*)\)$/;

function valueHtml(value: string): string {
  const origin = value.match(ORIGIN);
  if (origin === null) return escapeHtml(value);
  return `${escapeHtml(value.slice(0, origin.index))} <span class="origin">(${
    escapeHtml(origin[1])
  })</span>`;
}

function nameHtml(name: string): string {
  return name.startsWith("--") ? `<code>${escapeHtml(name)}</code>` : escapeHtml(name);
}

// Each row is a <div> of the list, so that the columns never split a name from its value.
function tableHtml({ title, rows }: RunTable): string {
  if (rows.length === 0) return "";
  const items = rows.map(([name, value]) =>
    `<div><dt>${nameHtml(name)}</dt><dd>${valueHtml(value)}</dd></div>`
  ).join("");
  return `<h3>${escapeHtml(title)}</h3><dl class="settings">${items}</dl>`;
}

/**
 * The "Run" section: the facts as a list across the page, then each table
 * under its title, its rows flowing into as many columns as the width
 * allows (three at 1280 px), so that a 35-row flag table leaves no empty
 * column beside a short summary.
 *
 * @param run The facts and tables.
 * @returns The section.
 *
 * @example
 * ```ts
 * import { runSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section = runSection({ facts: [["Architecture", "784-10-10"]], tables: [{ title: "Flags", rows: [["--lr", "0.1 (default)"]] }] });
 * assert.match(section.html, /784-10-10/);
 * assert.match(section.html, /<h3>Flags<\/h3>/);
 * assert.match(section.html, /<code>--lr<\/code><\/dt><dd>0\.1 <span class="origin">\(default\)<\/span>/);
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
    html: `<dl class="facts">${facts}</dl>${tables}`,
  };
}
