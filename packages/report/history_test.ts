import assert from "node:assert/strict";
import { HISTORY_COLUMNS, historyCsv, type HistoryRow } from "./history.ts";

const row = (iteration: number, dev: boolean): HistoryRow => ({
  iteration,
  trainLoss: 2 - iteration / 10,
  trainAccuracy: iteration / 10,
  ...(dev ? { devLoss: 1.5, devAccuracy: 0.5 } : {}),
  learningRate: 0.1,
  seconds: iteration * 0.25,
});

Deno.test("historyCsv()", async (t) => {
  await t.step("has the issue's header, then one line per iteration", () => {
    const lines = historyCsv([row(0, true), row(1, false), row(2, true)]).trimEnd().split("\n");
    assert.equal(
      lines[0],
      "iteration,trainLoss,trainAccuracy,devLoss,devAccuracy,learningRate,seconds",
    );
    assert.deepEqual(HISTORY_COLUMNS.join(","), lines[0]);
    assert.equal(lines.length, 4);
    assert.deepEqual(lines.slice(1).map((l) => l.split(",")[0]), ["0", "1", "2"]);
    assert.ok(lines.every((l) => l.split(",").length === 7));
  });

  await t.step("leaves the dev cells empty where dev was not evaluated", () => {
    const [, first, second] = historyCsv([row(0, true), row(1, false)]).split("\n");
    assert.equal(first, "0,2,0,1.5,0.5,0.1,0");
    assert.equal(second, "1,1.9,0.1,,,0.1,0.25");
  });

  await t.step("keeps a diverged NaN loss as NaN, not empty", () => {
    const csv = historyCsv([{ ...row(0, false), trainLoss: Number.NaN }]);
    assert.equal(csv.split("\n")[1].split(",")[1], "NaN");
  });

  await t.step("an empty history is the header alone", () => {
    assert.equal(historyCsv([]), HISTORY_COLUMNS.join(",") + "\n");
  });
});
