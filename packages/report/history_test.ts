import assert from "node:assert/strict";
import { HISTORY_COLUMNS, historyCsv, type HistoryRow, parseHistoryCsv } from "./history.ts";

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

Deno.test("parseHistoryCsv()", async (t) => {
  await t.step("reads back what historyCsv wrote", () => {
    const rows = [row(0, true), row(1, false), { ...row(2, true), trainLoss: Number.NaN }];
    const back = parseHistoryCsv(historyCsv(rows));
    assert.equal(back.length, 3);
    assert.deepEqual(back[0], rows[0]);
    assert.deepEqual(back[1], { ...rows[1], devLoss: undefined, devAccuracy: undefined });
    assert.ok(Number.isNaN(back[2].trainLoss));
  });

  await t.step("takes the columns in any order, and CRLF lines", () => {
    const csv = "seconds,iteration,learningRate,trainLoss,trainAccuracy,devAccuracy,devLoss\r\n" +
      "0.5,3,0.1,2,0.25,,\r\n";
    assert.deepEqual(parseHistoryCsv(csv), [{
      iteration: 3,
      trainLoss: 2,
      trainAccuracy: 0.25,
      devLoss: undefined,
      devAccuracy: undefined,
      learningRate: 0.1,
      seconds: 0.5,
    }]);
  });

  await t.step("names the line and what is wrong", () => {
    const header = HISTORY_COLUMNS.join(",");
    const cases: [string, RegExp][] = [
      ["iteration,trainLoss\n", /line 1 lacks the column trainAccuracy, devLoss/],
      [`${header}\n0,1,2\n`, /line 2 has 3 cells, the header 7/],
      [`${header}\n0,1,0.5,,,0.1,0\n1,x,0.5,,,0.1,0\n`, /line 3, trainLoss is "x", not a number/],
      [`${header}\n0,,0.5,,,0.1,0\n`, /line 2, trainLoss is "", not a number/],
      ["", /line 1 lacks the column iteration/],
    ];
    for (const [csv, message] of cases) {
      assert.throws(() => parseHistoryCsv(csv, "h.csv"), (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.match(e.message, /^Cannot read h\.csv: /);
        assert.match(e.message, message);
        return true;
      });
    }
  });
});
