// The window ops of convolutional nets. An image batch is (C·H·W) x m, one
// sample per column, so each pixel's m samples are one run of m f32: every
// kernel moves or combines whole runs, four samples per SIMD op. Pixel
// (c, y, x) is image row (c·H + y)·W + x; window (oy, ox) of a k x k
// geometry with stride s and padding pad covers pixels (oy·s − pad + i,
// ox·s − pad + j) for i, j in [0, k); those outside the image read as zero
// and never win a max-pool. Each kernel takes a range of its output's rows
// (or channels), so that two threads can share an op; every output row is
// written by one thread, in the same order as @simple-mnist/cpu's loops,
// so the results are the same bit for bit whoever runs which rows.

/**
 * Rows [r0, r1) of im2col's output, (C·k·k) x (H′·W′·m): row
 * r = (c·k + i)·k + j holds, at columns (oy·W′ + ox)·m + n, pixel
 * (c, oy·s + i − pad, ox·s + j − pad) of sample n, or 0 outside the image.
 * With stride 1 a row's in-image windows read one contiguous run.
 */
export function im2col(
  x: usize,
  m: i32,
  C: i32,
  H: i32,
  W: i32,
  k: i32,
  s: i32,
  pad: i32,
  outH: i32,
  outW: i32,
  out: usize,
  r0: i32,
  r1: i32,
): void {
  const run = <usize>m << 2;
  const outRow = <usize>outW * run;
  for (let r = r0; r < r1; r++) {
    const c = r / (k * k);
    const i = (r / k) % k;
    const j = r % k;
    // The windows ox whose column ox·s + j − pad is inside [0, W).
    const lo = min(outW, max(0, (pad - j + s - 1) / s));
    const last = W - 1 + pad - j;
    const hi = last < 0 ? lo : max(lo, min(outW, last / s + 1));
    let dst = out + <usize>r * <usize>outH * outRow;
    for (let oy = 0; oy < outH; oy++, dst += outRow) {
      const y = oy * s + i - pad;
      if (y < 0 || y >= H) {
        memory.fill(dst, 0, outRow);
        continue;
      }
      memory.fill(dst, 0, <usize>lo * run);
      memory.fill(dst + <usize>hi * run, 0, <usize>(outW - hi) * run);
      if (hi == lo) continue;
      const pixel = (c * H + y) * W + lo * s + j - pad;
      let src = x + <usize>pixel * run;
      if (s == 1) {
        memory.copy(dst + <usize>lo * run, src, <usize>(hi - lo) * run);
        continue;
      }
      const step = <usize>s * run;
      for (let ox = lo; ox < hi; ox++, src += step) memory.copy(dst + <usize>ox * run, src, run);
    }
  }
}

/**
 * Image rows [q0, q1) of col2im's output, (C·H·W) x m: each pixel's run is
 * the sum, over the (i, j) in row-major order whose window
 * (oy, ox) = ((y + pad − i)/s, (x + pad − j)/s) exists, of that window's
 * entry in row (c·k + i)·k + j of `cols`; 0 if no window covers it. A
 * gather: each output row is written once, sixteen samples at a time held
 * in four registers.
 */
export function col2im(
  cols: usize,
  m: i32,
  C: i32,
  H: i32,
  W: i32,
  k: i32,
  s: i32,
  pad: i32,
  outH: i32,
  outW: i32,
  out: usize,
  q0: i32,
  q1: i32,
): void {
  const run = <usize>m << 2;
  const colsRow = <usize>outH * <usize>outW * run;
  const blocks = <usize>(m >> 4) << 6;
  const vectors = <usize>(m >> 2) << 4;
  for (let q = q0; q < q1; q++) {
    const c = q / (H * W);
    const y = (q / W) % H;
    const x = q % W;
    const dst = out + <usize>q * run;
    // Sixteen samples at a time, then four, then one.
    let n: usize = 0;
    for (; n < blocks; n += 64) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      for (let i = 0; i < k; i++) {
        const ty = y + pad - i;
        if (ty < 0) break;
        const oy = ty / s;
        if (oy * s != ty || oy >= outH) continue;
        for (let j = 0; j < k; j++) {
          const tx = x + pad - j;
          if (tx < 0) break;
          const ox = tx / s;
          if (ox * s != tx || ox >= outW) continue;
          const src = cols + <usize>((c * k + i) * k + j) * colsRow +
            <usize>(oy * outW + ox) * run + n;
          a0 = f32x4.add(a0, v128.load(src));
          a1 = f32x4.add(a1, v128.load(src, 16));
          a2 = f32x4.add(a2, v128.load(src, 32));
          a3 = f32x4.add(a3, v128.load(src, 48));
        }
      }
      v128.store(dst + n, a0);
      v128.store(dst + n, a1, 16);
      v128.store(dst + n, a2, 32);
      v128.store(dst + n, a3, 48);
    }
    for (; n < run; n += n < vectors ? 16 : 4) {
      const wide = n < vectors;
      let a = f32x4.splat(0);
      let b: f32 = 0;
      for (let i = 0; i < k; i++) {
        const ty = y + pad - i;
        if (ty < 0) break;
        const oy = ty / s;
        if (oy * s != ty || oy >= outH) continue;
        for (let j = 0; j < k; j++) {
          const tx = x + pad - j;
          if (tx < 0) break;
          const ox = tx / s;
          if (ox * s != tx || ox >= outW) continue;
          const src = cols + <usize>((c * k + i) * k + j) * colsRow +
            <usize>(oy * outW + ox) * run + n;
          if (wide) a = f32x4.add(a, v128.load(src));
          else b += load<f32>(src);
        }
      }
      if (wide) v128.store(dst + n, a);
      else store<f32>(dst + n, b);
    }
  }
}

/**
 * Windows [w0, w1) of a max-pool, w = (c·H′ + oy)·W′ + ox: row w of `out`
 * ((C·H′·W′) x m) is the largest in-image pixel of the window, sample by
 * sample, the first pixel in row-major order kept on ties (as the scalar
 * loop's `>` keeps it).
 */
export function maxPool(
  x: usize,
  m: i32,
  C: i32,
  H: i32,
  W: i32,
  k: i32,
  s: i32,
  pad: i32,
  outH: i32,
  outW: i32,
  out: usize,
  w0: i32,
  w1: i32,
): void {
  const run = <usize>m << 2;
  const vectors = <usize>(m >> 2) << 4;
  const rowBytes = <usize>W * run;
  for (let w = w0; w < w1; w++) {
    const c = w / (outH * outW);
    const oy = (w / outW) % outH;
    const ox = w % outW;
    const y0 = max(oy * s - pad, 0);
    const y1 = min(oy * s - pad + k, H);
    const x0 = max(ox * s - pad, 0);
    const x1 = min(ox * s - pad + k, W);
    const first = x + <usize>((c * H + y0) * W + x0) * run;
    const dst = out + <usize>w * run;
    const rows = <usize>(y1 - y0);
    const cols = <usize>(x1 - x0);
    let n: usize = 0;
    for (; n < vectors; n += 16) {
      let best = v128.load(first + n);
      for (let dy: usize = 0; dy < rows; dy++) {
        const row = first + dy * rowBytes + n;
        for (let dx: usize = dy == 0 ? 1 : 0; dx < cols; dx++) {
          const v = v128.load(row + dx * run);
          best = v128.bitselect(v, best, f32x4.gt(v, best));
        }
      }
      v128.store(dst + n, best);
    }
    for (; n < run; n += 4) {
      let best = load<f32>(first + n);
      for (let dy: usize = 0; dy < rows; dy++) {
        const row = first + dy * rowBytes + n;
        for (let dx: usize = dy == 0 ? 1 : 0; dx < cols; dx++) {
          const v = load<f32>(row + dx * run);
          if (v > best) best = v;
        }
      }
      store<f32>(dst + n, best);
    }
  }
}

/**
 * Channels [c0, c1) of a max-pool's gradient: their rows of `out`
 * ((C·H·W) x m) are zeroed, then each window adds its row of `grad` at its
 * first largest in-image pixel of `x`, sample by sample (a select per
 * pixel of the window, so that four samples go at once); windows in
 * row-major order, as the scalar loop adds them. When the windows tile
 * the image (s = k, no padding, H = k·H′, W = k·W′), each pixel is in one
 * window and is stored, not zeroed and added.
 */
export function maxPoolGrad(
  grad: usize,
  x: usize,
  m: i32,
  H: i32,
  W: i32,
  k: i32,
  s: i32,
  pad: i32,
  outH: i32,
  outW: i32,
  out: usize,
  c0: i32,
  c1: i32,
): void {
  const run = <usize>m << 2;
  const vectors = <usize>(m >> 2) << 4;
  const rowBytes = <usize>W * run;
  const channelBytes = <usize>H * rowBytes;
  const tiles = s == k && pad == 0 && H == k * outH && W == k * outW;
  if (!tiles) memory.fill(out + <usize>c0 * channelBytes, 0, <usize>(c1 - c0) * channelBytes);
  const zero = f32x4.splat(0);
  for (let c = c0; c < c1; c++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = max(oy * s - pad, 0);
      const rows = <usize>(min(oy * s - pad + k, H) - y0);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = max(ox * s - pad, 0);
        const cols = <usize>(min(ox * s - pad + k, W) - x0);
        const offset = <usize>((c * H + y0) * W + x0) * run;
        const first = x + offset;
        const target = out + offset;
        const g = grad + <usize>((c * outH + oy) * outW + ox) * run;
        let n: usize = 0;
        for (; n < vectors; n += 16) {
          // The winner of each lane, as its pixel's number t = dy·cols + dx.
          let best = v128.load(first + n);
          let winner = i32x4.splat(0);
          let t = 0;
          for (let dy: usize = 0; dy < rows; dy++) {
            const row = first + dy * rowBytes + n;
            for (let dx: usize = 0; dx < cols; dx++, t++) {
              if (t == 0) continue;
              const v = v128.load(row + dx * run);
              const greater = f32x4.gt(v, best);
              best = v128.bitselect(v, best, greater);
              winner = v128.bitselect(i32x4.splat(t), winner, greater);
            }
          }
          const gv = v128.load(g + n);
          t = 0;
          for (let dy: usize = 0; dy < rows; dy++) {
            const row = target + dy * rowBytes + n;
            for (let dx: usize = 0; dx < cols; dx++, t++) {
              const add = v128.bitselect(gv, zero, i32x4.eq(winner, i32x4.splat(t)));
              const at = row + dx * run;
              v128.store(at, tiles ? add : f32x4.add(v128.load(at), add));
            }
          }
        }
        for (; n < run; n += 4) {
          let best = load<f32>(first + n);
          let winner: usize = n;
          for (let dy: usize = 0; dy < rows; dy++) {
            for (let dx: usize = 0; dx < cols; dx++) {
              const at = dy * rowBytes + dx * run + n;
              const v = load<f32>(first + at);
              if (v > best) {
                best = v;
                winner = at;
              }
            }
          }
          if (tiles) {
            for (let dy: usize = 0; dy < rows; dy++) {
              for (let dx: usize = 0; dx < cols; dx++) {
                store<f32>(target + dy * rowBytes + dx * run + n, 0);
              }
            }
          }
          const at = target + winner;
          store<f32>(at, load<f32>(at) + load<f32>(g + n));
        }
      }
    }
  }
}

/** Copies the f32 elements [from, to) of `src` to `dst`: reshape's copy. */
export function copyFloats(src: usize, dst: usize, from: i32, to: i32): void {
  const start = <usize>from << 2;
  memory.copy(dst + start, src + start, (<usize>to << 2) - start);
}
