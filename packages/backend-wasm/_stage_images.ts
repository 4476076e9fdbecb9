import type { PixelImages } from "@simple-mnist/backend";

/**
 * Copies images `indices[from]` to `indices[to − 1]` of `images`, byte for
 * byte, one after another into `target` (at least `(to − from) · features`
 * bytes): runs of consecutive indices (a whole set, an evaluation chunk)
 * as one copy. The caller has checked the indices.
 */
export function stageImages(
  images: PixelImages,
  indices: ArrayLike<number>,
  from: number,
  to: number,
  target: Uint8Array,
): void {
  const { features, pixels } = images;
  let at = 0;
  for (let j = from; j < to;) {
    const first = indices[j];
    let end = j + 1;
    while (end < to && indices[end] === first + (end - j)) end++;
    const bytes = (end - j) * features;
    target.set(pixels.subarray(first * features, first * features + bytes), at);
    at += bytes;
    j = end;
  }
}
