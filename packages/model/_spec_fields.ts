// Reading a layer spec's fields from untrusted JSON (a model file, a --layers
// item): each helper names the field and what is wrong.

/** Refuses fields other than `type` and `allowed`. */
export function expectOnly(
  json: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(json)) {
    if (key !== "type" && !allowed.includes(key)) {
      throw new TypeError(
        `${json.type} has no field "${key}"${
          allowed.length === 0 ? "" : ` (its fields are ${allowed.join(", ")})`
        }`,
      );
    }
  }
}

/** A positive integer field, or `fallback` when it is absent and one is given. */
export function expectCount(
  json: Readonly<Record<string, unknown>>,
  key: string,
  fallback?: number,
): number {
  const value = json[key] ?? fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(
      `${json.type}'s ${key} must be a positive integer, got ${JSON.stringify(json[key])}`,
    );
  }
  return value;
}

/** A finite number field in [min, max), or `fallback` when it is absent. */
export function expectNumber(
  json: Readonly<Record<string, unknown>>,
  key: string,
  range: { min: number; below: number; fallback?: number },
): number {
  const value = json[key] ?? range.fallback;
  if (typeof value !== "number" || !(value >= range.min && value < range.below)) {
    throw new TypeError(
      `${json.type}'s ${key} must be a number in [${range.min}, ${range.below}), got ${
        JSON.stringify(json[key])
      }`,
    );
  }
  return value;
}

/** A string field that is one of `choices`, or `fallback` when it is absent. */
export function expectChoice<C extends string>(
  json: Readonly<Record<string, unknown>>,
  key: string,
  choices: readonly C[],
  fallback: C,
): C {
  const value = json[key] ?? fallback;
  const found = choices.find((choice) => choice === value);
  if (found === undefined) {
    throw new TypeError(
      `${json.type}'s ${key} must be one of ${choices.join(", ")}, got ${
        JSON.stringify(json[key])
      }`,
    );
  }
  return found;
}
