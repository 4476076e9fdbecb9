import assert from "node:assert/strict";
import { PIXEL_VALUES } from "@simple-mnist/backend";
import { seededPrng } from "@simple-mnist/random";
import { WasmBackend } from "./wasm_backend.ts";

/** `count` images of `features` bytes, about `zeros` of them zero. */
function images(count: number, features: number, zeros: number) {
  const prng = seededPrng(count);
  const pixels = Uint8Array.from(
    { length: count * features },
    () => prng() < zeros ? 0 : 1 + Math.floor(prng() * 255),
  );
  return { count, features, pixels };
}

function floats(set: ReturnType<typeof images>, indices: number[]): Float32Array {
  const m = indices.length;
  const x = new Float32Array(set.features * m);
  for (let k = 0; k < set.features; k++) {
    for (let j = 0; j < m; j++) {
      x[k * m + j] = PIXEL_VALUES[set.pixels[indices[j] * set.features + k]];
    }
  }
  return x;
}

Deno.test("WasmBackend.uploadPixels()", async (t) => {
  await t.step(
    "indexes a mostly-zero batch and writes its dense values only when read",
    async () => {
      const backend = new WasmBackend({ threads: 1 });
      const set = images(200, 784, 0.81);
      const indices = Array.from({ length: 128 }, (_, j) => (7 * j) % 200);
      const x = backend.create(784, 128);
      backend.uploadPixels(x, set, indices);
      assert.ok(x.sparse !== undefined, "the batch is indexed");
      assert.ok(x.unwritten !== undefined, "the dense values wait until read");
      assert.deepEqual(await backend.download(x), floats(set, indices));
      assert.equal(x.unwritten, undefined);
      backend.close();
    },
  );

  await t.step("writes a dense batch (inverted MNIST) dense, unindexed", async () => {
    const backend = new WasmBackend({ threads: 1 });
    const set = images(50, 784, 0.19);
    const x = backend.create(784, 3);
    backend.uploadPixels(x, set, [49, 0, 7]);
    assert.equal(x.sparse, undefined);
    assert.equal(x.unwritten, undefined);
    assert.deepEqual(await backend.download(x), floats(set, [49, 0, 7]));
    backend.close();
  });

  await t.step("builds the same index as upload over several blocks, block by block", () => {
    const backend = new WasmBackend({ threads: 1, blockColumns: 64 });
    const set = images(300, 30, 0.8);
    const indices = Array.from({ length: 250 }, (_, j) => (j * 13) % 300);
    const [a, b] = [backend.create(30, 250), backend.create(30, 250)];
    backend.uploadPixels(a, set, indices);
    backend.upload(b, floats(set, indices));
    const heap = (address: number, bytes: number) =>
      new Uint8Array(a.data.buffer, address, bytes).slice();
    const [sa, sb] = [a.sparse!, b.sparse!];
    assert.equal(sa.nonzeros, sb.nonzeros);
    const n = sa.nonzeros;
    assert.deepEqual(heap(sa.columnStart, 4 * 251), heap(sb.columnStart, 4 * 251));
    assert.deepEqual(heap(sa.rowIndex, 2 * n), heap(sb.rowIndex, 2 * n));
    assert.ok(sa.table === undefined && sb.table === undefined);
    assert.deepEqual(heap(sa.values, 4 * n), heap(sb.values, 4 * n));
    assert.equal(sa.byRows.blocks, 4);
    assert.equal(sa.byRows.middleRow, sb.byRows.middleRow);
    assert.deepEqual(heap(sa.byRows.rowStart, 4 * 121), heap(sb.byRows.rowStart, 4 * 121));
    assert.deepEqual(heap(sa.byRows.columnIndex, 2 * n), heap(sb.byRows.columnIndex, 2 * n));
    assert.deepEqual(heap(sa.byRows.values, 4 * n), heap(sb.byRows.values, 4 * n));
    backend.close();
  });

  await t.step(
    "keeps the values of more than a million nonzeros as bytes, the same index",
    async () => {
      const backend = new WasmBackend({ threads: 1 });
      const set = images(8400, 784, 0.81);
      const indices = Array.from({ length: 8300 }, (_, j) => 8399 - j);
      const [a, b] = [backend.create(784, 8300), backend.create(784, 8300)];
      backend.uploadPixels(a, set, indices);
      backend.upload(b, floats(set, indices));
      const [sa, sb] = [a.sparse!, b.sparse!];
      assert.ok(sa.nonzeros > 2 ** 20);
      assert.ok(sa.table !== undefined && sb.table === undefined);
      const n = sa.nonzeros;
      const bytes = (address: number, length: number) =>
        new Uint8Array(b.data.buffer, address, length).slice();
      const f32 = (address: number) => new Float32Array(b.data.buffer, address, n).slice();
      const asFloats = (address: number) =>
        Float32Array.from(bytes(address, n), (p) => PIXEL_VALUES[p]);
      assert.deepEqual(bytes(sa.rowIndex, 2 * n), bytes(sb.rowIndex, 2 * n));
      assert.deepEqual(asFloats(sa.values), f32(sb.values));
      assert.deepEqual(bytes(sa.byRows.columnIndex, 2 * n), bytes(sb.byRows.columnIndex, 2 * n));
      assert.deepEqual(asFloats(sa.byRows.values), f32(sb.byRows.values));
      assert.deepEqual(await backend.download(a), await backend.download(b));
      backend.close();
    },
  );

  await t.step("writes the values first when an op overwrites the batch in place", async () => {
    const backend = new WasmBackend({ threads: 1 });
    const set = images(130, 784, 0.81);
    const indices = Array.from({ length: 128 }, (_, j) => j);
    const x = backend.create(784, 128);
    backend.uploadPixels(x, set, indices);
    backend.axpby(2, x, 0, x, x);
    assert.deepEqual(await backend.download(x), floats(set, indices).map((v) => 2 * v));
    backend.close();
  });

  await t.step(
    "creates on a reused block lazily: zeros when read, the batch's values after uploads",
    async () => {
      const backend = new WasmBackend({ threads: 1 });
      const first = backend.create(784, 3);
      backend.upload(first, new Float32Array(784 * 3).fill(7));
      backend.dispose(first);
      const zeros = backend.create(784, 3);
      assert.equal(zeros.block, first.block);
      assert.ok((await backend.download(zeros)).every((v) => v === 0));
      backend.upload(zeros, new Float32Array(784 * 3).fill(7));
      backend.dispose(zeros);
      const set = images(50, 784, 0.19);
      const dense = backend.create(784, 3);
      assert.equal(dense.block, first.block);
      backend.uploadPixels(dense, set, [1, 2, 3]);
      assert.deepEqual(await backend.download(dense), floats(set, [1, 2, 3]));
      backend.close();
    },
  );
});
