/**
 * The conformance suite every backend runs: hand-computed cases, randomized
 * cases checked against a plain float64 reference, and edge cases (1x1, one
 * column, logits of ±1000, ties, in-place writes, mismatched shapes) for
 * every op of {@linkcode Backend}. A backend that passes it is correct.
 *
 * @example In a backend's test file
 * ```ts
 * import { testBackend } from "@simple-mnist/backend/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 *
 * Deno.test("JsBackend conforms", (t) => testBackend(t, new JsBackend()));
 * ```
 *
 * @module
 */
import type { Backend, BackendOp } from "./backend.ts";
import { CONFORMANCE_CASES } from "./_conformance_cases.ts";

/**
 * The outcome of one conformance case.
 *
 * @example
 * ```ts
 * import { checkBackend, type ConformanceResult } from "@simple-mnist/backend/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const [first]: ConformanceResult[] = await checkBackend(new JsBackend(), ["argmax"]);
 * assert.equal(first.op, "argmax");
 * assert.equal(first.error, undefined);
 * ```
 */
export interface ConformanceResult {
  /** The op the case checks. */
  readonly op: BackendOp;
  /** What the case checks. */
  readonly name: string;
  /** Why it failed; absent when it passed. */
  readonly error?: unknown;
}

/**
 * Runs every conformance case against a backend and reports each outcome
 * without throwing: the building block of {@linkcode testBackend}, and a way
 * to prove that the suite catches a broken backend.
 *
 * @param backend The backend to check.
 * @param ops The ops to check (default: all of them).
 * @returns One result per case, in order.
 *
 * @example
 * ```ts
 * import { checkBackend } from "@simple-mnist/backend/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const results = await checkBackend(new JsBackend(), ["activate"]);
 * assert.ok(results.length > 0);
 * assert.ok(results.every((result) => result.error === undefined));
 * ```
 */
export async function checkBackend(
  backend: Backend,
  ops: readonly BackendOp[] = conformanceOps(),
): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const op of ops) {
    for (const { name, run } of CONFORMANCE_CASES[op]) {
      try {
        await run(backend);
        results.push({ op, name });
      } catch (error) {
        results.push({ op, name, error });
      }
    }
  }
  return results;
}

/**
 * Runs the conformance suite as test steps, one step per op and one nested
 * step per case, so a failure names the op and the case.
 *
 * @param t The test context of the calling `Deno.test`.
 * @param backend The backend to check.
 * @returns A promise that settles when every step has run; the test fails if any step fails.
 *
 * @example
 * ```ts
 * import { testBackend } from "@simple-mnist/backend/testing";
 * import { JsBackend } from "@simple-mnist/backend-js";
 *
 * Deno.test("conformance", (t) => testBackend(t, new JsBackend()));
 * ```
 */
export async function testBackend(t: Deno.TestContext, backend: Backend): Promise<void> {
  for (const op of conformanceOps()) {
    await t.step(op, async (t) => {
      for (const { name, run } of CONFORMANCE_CASES[op]) {
        await t.step(name, () => run(backend));
      }
    });
  }
}

/**
 * Lists the ops the suite covers, which is every op of {@linkcode Backend}.
 *
 * @returns The op names.
 *
 * @example
 * ```ts
 * import { conformanceOps } from "@simple-mnist/backend/testing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(conformanceOps().includes("matmul"));
 * ```
 */
export function conformanceOps(): BackendOp[] {
  return Object.keys(CONFORMANCE_CASES) as BackendOp[];
}
