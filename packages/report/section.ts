/**
 * One part of the report: a heading and its HTML. The report shows its
 * sections in order, each under its own `<section id=…>`; a kind of content
 * that a run does not have (say, augmented samples without augmentation)
 * is left out, never shown empty.
 *
 * @example
 * ```ts
 * import type { Section } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section: Section = { id: "notes", title: "Notes", html: "<p>Seed 0.</p>" };
 * assert.equal(section.id, "notes");
 * ```
 */
export interface Section {
  /** The element id, lowercase with dashes (e.g. `confusion`). */
  readonly id: string;
  /** The heading. */
  readonly title: string;
  /** The body, already escaped HTML. */
  readonly html: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML content and attribute values.
 *
 * @param text Any text.
 * @returns The text with `& < > " '` escaped.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * assert.equal(escapeHtml(`<a href="x">`), "&lt;a href=&quot;x&quot;&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Formats a number for the report: fixed digits, or "n/a" for NaN and infinities.
 *
 * @param value The number.
 * @param digits Digits after the point (default 3).
 * @returns The text.
 *
 * @example
 * ```ts
 * import { formatNumber } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatNumber(0.84567), "0.846");
 * assert.equal(formatNumber(Number.NaN), "n/a");
 * ```
 */
export function formatNumber(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}
