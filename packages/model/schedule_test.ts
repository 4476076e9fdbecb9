import assert from "node:assert/strict";
import { learningRateAt, validateSchedule } from "./mod.ts";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

Deno.test("learningRateAt()", async (t) => {
  await t.step("constant is the base rate at every step", () => {
    for (const step of [0, 1, 999]) assert.equal(learningRateAt(0.1, step), 0.1);
  });
  await t.step("step multiplies by gamma every stepSize steps", () => {
    const schedule = { name: "step", stepSize: 10, gamma: 0.5 } as const;
    assert.deepEqual([0, 9, 10, 19, 20, 35].map((s) => learningRateAt(0.2, s, schedule)), [
      0.2,
      0.2,
      0.1,
      0.1,
      0.05,
      0.025,
    ]);
    assert.equal(learningRateAt(1, 10, { name: "step", stepSize: 10 }), 0.1); // γ = 0.1
  });
  await t.step("cosine runs from the base rate to 0 over the run", () => {
    const schedule = { name: "cosine", totalSteps: 100 } as const;
    close(learningRateAt(0.1, 0, schedule), 0.1);
    close(learningRateAt(0.1, 25, schedule), 0.1 * (1 + Math.SQRT1_2) / 2);
    close(learningRateAt(0.1, 50, schedule), 0.05);
    close(learningRateAt(0.1, 100, schedule), 0);
  });
  await t.step("warm-up ramps linearly, then the schedule takes over", () => {
    const schedule = { name: "cosine", totalSteps: 110, warmup: 10 } as const;
    close(learningRateAt(1, 0, schedule), 0.1);
    close(learningRateAt(1, 4, schedule), 0.5);
    close(learningRateAt(1, 9, schedule), 1);
    close(learningRateAt(1, 10, schedule), 1);
    close(learningRateAt(1, 60, schedule), 0.5);
    close(learningRateAt(2, 2, { warmup: 4 }), 1.5);
  });
});

Deno.test("validateSchedule()", () => {
  assert.throws(() => validateSchedule({ name: "step" }), /positive integer stepSize/);
  assert.throws(() => validateSchedule({ name: "cosine" }), /totalSteps/);
  assert.throws(() => validateSchedule({ name: "linear" as "step" }), /unknown schedule/);
  assert.throws(() => validateSchedule({ gamma: 0 }), /gamma/);
  assert.throws(() => validateSchedule({ warmup: -1 }), /warmup/);
});
