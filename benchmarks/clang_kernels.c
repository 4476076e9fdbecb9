// The wasm backend's two hottest kernels, written in C for clang, as a
// measuring stick for the toolchain choice (`deno task compare-toolchains`):
// the same algorithm, loop for loop, as sparseProduct10 and
// sparseProductTransposed10 in packages/backend-wasm/assembly/
// sparse_products.ts, so that only the compiler differs.
#include <stdint.h>
#include <wasm_simd128.h>

// out(i, j) = alpha · Σ At[k·12 + i] · v over the nonzeros (k, v) of column j.
void sparseProduct10(const float *At, const uint32_t *columnStart, const uint16_t *rowIndex,
                     const float *values, float *out, int outRowStride, int outColStride,
                     float alpha, int j0, int j1) {
  v128_t scale = wasm_f32x4_splat(alpha);
  for (int j = j0; j < j1; j++) {
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0;
    const uint16_t *p = rowIndex + columnStart[j], *end = rowIndex + columnStart[j + 1];
    const float *v = values + columnStart[j];
    for (; p < end; p++, v++) {
      v128_t x = wasm_v128_load32_splat(v);
      const float *b = At + (uint32_t)*p * 12;
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(b), x));
      s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(b + 4), x));
      s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(b + 8), x));
    }
    s0 = wasm_f32x4_mul(s0, scale);
    s1 = wasm_f32x4_mul(s1, scale);
    s2 = wasm_f32x4_mul(s2, scale);
    float *o = out + j * outColStride;
    o[0] = wasm_f32x4_extract_lane(s0, 0);
    o[outRowStride] = wasm_f32x4_extract_lane(s0, 1);
    o[2 * outRowStride] = wasm_f32x4_extract_lane(s0, 2);
    o[3 * outRowStride] = wasm_f32x4_extract_lane(s0, 3);
    o[4 * outRowStride] = wasm_f32x4_extract_lane(s1, 0);
    o[5 * outRowStride] = wasm_f32x4_extract_lane(s1, 1);
    o[6 * outRowStride] = wasm_f32x4_extract_lane(s1, 2);
    o[7 * outRowStride] = wasm_f32x4_extract_lane(s1, 3);
    o[8 * outRowStride] = wasm_f32x4_extract_lane(s2, 0);
    o[9 * outRowStride] = wasm_f32x4_extract_lane(s2, 1);
  }
}

// out(i, k) = alpha · Σ At[j·12 + i] · v over the nonzeros (j, v) of row k,
// rows by blocks of columns, f32 sums of at most 256 terms added into f64.
void sparseProductTransposed10(const float *At, const uint32_t *rowStart,
                               const uint16_t *columnIndex, const float *values, int rows,
                               int cols, int blockCols, double *sums, float *out, double alpha,
                               int k0, int k1) {
  for (int k = k0; k < k1; k++) {
    for (int i = 0; i < 10; i++) sums[k * 10 + i] = 0;
  }
  const uint32_t *starts = rowStart;
  for (int j0 = 0; j0 < cols; j0 += blockCols) {
    const float *block = At + j0 * 12;
    for (int k = k0; k < k1; k++) {
      uint32_t e = starts[k], end = starts[k + 1];
      if (e == end) continue;
      double *sum = sums + k * 10;
      v128_t d0 = wasm_v128_load(sum), d1 = wasm_v128_load(sum + 2), d2 = wasm_v128_load(sum + 4);
      v128_t d3 = wasm_v128_load(sum + 6), d4 = wasm_v128_load(sum + 8);
      while (e < end) {
        uint32_t stop = e + 256 < end ? e + 256 : end;
        v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0;
        for (; e < stop; e++) {
          v128_t x = wasm_v128_load32_splat(values + e);
          const float *a = block + (uint32_t)columnIndex[e] * 12;
          s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a), x));
          s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + 4), x));
          s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(a + 8), x));
        }
        d0 = wasm_f64x2_add(d0, wasm_f64x2_promote_low_f32x4(s0));
        d1 = wasm_f64x2_add(d1, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s0, s0, 2, 3, 0, 1)));
        d2 = wasm_f64x2_add(d2, wasm_f64x2_promote_low_f32x4(s1));
        d3 = wasm_f64x2_add(d3, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s1, s1, 2, 3, 0, 1)));
        d4 = wasm_f64x2_add(d4, wasm_f64x2_promote_low_f32x4(s2));
      }
      wasm_v128_store(sum, d0);
      wasm_v128_store(sum + 2, d1);
      wasm_v128_store(sum + 4, d2);
      wasm_v128_store(sum + 6, d3);
      wasm_v128_store(sum + 8, d4);
    }
    starts += rows;
  }
  for (int k = k0; k < k1; k++) {
    for (int i = 0; i < 10; i++) out[i * rows + k] = (float)(alpha * sums[k * 10 + i]);
  }
}
