import type { Dataset } from "./dataset.ts";
import { writeFileAtomic } from "@simple-mnist/files";

const ROWS_PER_CHUNK = 1024;

/**
 * Writes a data set as a Kaggle digit-recognizer CSV: a `label` column
 * first when the set has labels (train.csv), pixels only otherwise
 * (test.csv). The file is written whole or not at all (see
 * `writeFileAtomic` in `@simple-mnist/files`), streamed 1,024 rows at a time.
 *
 * @param path The CSV file to write.
 * @param dataset The images.
 * @returns A promise that settles once the file is in place.
 * @throws {FileError} If it cannot be written: `Cannot write data/train.csv: the disk is full`.
 *
 * @example
 * ```ts
 * import { writeKaggleCsv } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await writeKaggleCsv(path, { count: 1, features: 2, width: 2, height: 1, pixels: Uint8Array.of(0, 255), labels: Uint8Array.of(8), source: "x" });
 * assert.equal(await Deno.readTextFile(path), "label,pixel0,pixel1\n8,0,255\n");
 * await Deno.remove(path);
 * ```
 */
export async function writeKaggleCsv(path: string, dataset: Dataset): Promise<void> {
  const { count, features, pixels, labels } = dataset;
  const names = Array.from({ length: features }, (_, k) => `pixel${k}`);
  const header = (labels === undefined ? names : ["label", ...names]).join(",") + "\n";
  await writeFileAtomic(path, async (write) => {
    await write(header);
    for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
      const lines: string[] = [];
      for (let j = start; j < Math.min(start + ROWS_PER_CHUNK, count); j++) {
        const row = pixels.subarray(j * features, (j + 1) * features).join(",");
        lines.push(labels === undefined ? row : `${labels[j]},${row}`);
      }
      await write(lines.join("\n") + "\n");
    }
  });
}

/**
 * Writes predictions as a Kaggle submission: `ImageId,Label`, with image ids
 * counted from 1. The file is written whole or not at all.
 *
 * @param path The CSV file to write.
 * @param predictions One predicted digit per image.
 * @returns A promise that settles once the file is in place.
 * @throws {FileError} If it cannot be written, naming `path`.
 *
 * @example
 * ```ts
 * import { writeSubmissionCsv } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await writeSubmissionCsv(path, Uint8Array.of(2, 0));
 * assert.equal(await Deno.readTextFile(path), "ImageId,Label\n1,2\n2,0\n");
 * await Deno.remove(path);
 * ```
 */
export async function writeSubmissionCsv(
  path: string,
  predictions: ArrayLike<number>,
): Promise<void> {
  const lines = ["ImageId,Label"];
  for (let j = 0; j < predictions.length; j++) lines.push(`${j + 1},${predictions[j]}`);
  await writeFileAtomic(path, lines.join("\n") + "\n");
}
