/// <reference lib="dom" />

/**
 * What is wrong with a number field's value, by its own `min`, `max` and
 * `step` (a whole number when `step` is 1), in words for the page:
 * `Epochs must be a whole number from 1 to 1000, got 0`.
 *
 * @param value The field's text.
 * @param rule The field's name and limits.
 * @returns The message, or undefined when the value is allowed.
 *
 * @example
 * ```ts
 * import { numberProblem } from "./number_field.ts";
 * import assert from "node:assert/strict";
 *
 * const epochs = { name: "Epochs", min: 1, max: 1000, step: 1 };
 * assert.equal(numberProblem("3", epochs), undefined);
 * assert.equal(numberProblem("0", epochs), "Epochs must be a whole number from 1 to 1000, got 0");
 * assert.equal(numberProblem("", epochs), "Epochs must be a whole number from 1 to 1000, got nothing");
 * ```
 */
export function numberProblem(
  value: string,
  rule: { name: string; min: number; max: number; step?: number },
): string | undefined {
  const whole = rule.step === 1;
  const text = value.trim();
  const n = Number(text);
  const allowed = text !== "" && Number.isFinite(n) && n >= rule.min && n <= rule.max &&
    (!whole || Number.isInteger(n));
  if (allowed) return undefined;
  return `${rule.name} must be ${
    whole ? "a whole number" : "a number"
  } from ${rule.min} to ${rule.max}, got ${text === "" ? "nothing" : text}`;
}

/**
 * A number field of the page that refuses a value out of its range where
 * the person typed it: the message shows under the field (and in the
 * browser's own bubble), the field is marked invalid, and nothing is sent.
 */
export class NumberField {
  readonly #input: HTMLInputElement;
  readonly #message: HTMLElement;
  readonly #name: string;

  /**
   * @param input The `<input type="number">`, its `min`, `max` and `step` the rule.
   * @param message Where the message goes (hidden while the value is allowed).
   * @param name The field's name in the message, e.g. "Epochs".
   */
  constructor(input: HTMLInputElement, message: HTMLElement, name: string) {
    this.#input = input;
    this.#message = message;
    this.#name = name;
    input.setAttribute("aria-describedby", message.id);
    // A corrected value clears the message as it is typed; a new mistake waits for the next try.
    input.addEventListener("input", () => {
      if (this.#problem() === undefined) this.#show(undefined);
    });
  }

  /**
   * The value, or undefined after showing why it is refused.
   *
   * @returns The number, when allowed.
   */
  value(): number | undefined {
    const problem = this.#problem();
    this.#show(problem);
    if (problem !== undefined) {
      this.#input.reportValidity();
      return undefined;
    }
    return Number(this.#input.value);
  }

  #problem(): string | undefined {
    const limit = (name: "min" | "max" | "step", otherwise: number) => {
      const text = this.#input.getAttribute(name);
      return text === null ? otherwise : Number(text);
    };
    return numberProblem(this.#input.value, {
      name: this.#name,
      min: limit("min", -Infinity),
      max: limit("max", Infinity),
      step: limit("step", 0),
    });
  }

  #show(problem: string | undefined): void {
    this.#input.setCustomValidity(problem ?? "");
    this.#input.setAttribute("aria-invalid", String(problem !== undefined));
    this.#message.textContent = problem ?? "";
    this.#message.hidden = problem === undefined;
  }
}
