// Strokes of the ten digits as a person might draw them on the pad: each
// digit is a list of strokes, each stroke a list of points [x, y] in a unit
// square (y downwards). Written by hand for the end-to-end test.

/** A point [x, y], both in [0, 1]. */
export type Point = readonly [number, number];

function ellipse(cx: number, cy: number, rx: number, ry: number, steps = 24): Point[] {
  // Start at the top and go anticlockwise, as most people draw a 0, overlapping a little at the end.
  return Array.from({ length: steps + 2 }, (_, i) => {
    const angle = -Math.PI / 2 - (2 * Math.PI * i) / steps;
    return [cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)] as const;
  });
}

/** The strokes of each digit, by digit. */
export const DIGIT_STROKES: readonly (readonly (readonly Point[])[])[] = [
  [ellipse(0.5, 0.5, 0.19, 0.32)],
  [[[0.54, 0.15], [0.52, 0.5], [0.49, 0.86]]],
  [[
    [0.32, 0.3],
    [0.38, 0.19],
    [0.5, 0.14],
    [0.62, 0.18],
    [0.67, 0.3],
    [0.63, 0.43],
    [0.54, 0.55],
    [0.42, 0.68],
    [0.32, 0.82],
    [0.5, 0.82],
    [0.7, 0.82],
  ]],
  [[
    [0.33, 0.2],
    [0.45, 0.14],
    [0.6, 0.16],
    [0.66, 0.27],
    [0.6, 0.4],
    [0.48, 0.47],
    [0.61, 0.53],
    [0.68, 0.65],
    [0.64, 0.78],
    [0.5, 0.85],
    [0.33, 0.8],
  ]],
  [
    [[0.36, 0.15], [0.33, 0.38], [0.31, 0.56], [0.5, 0.56], [0.72, 0.55]],
    [[0.62, 0.16], [0.62, 0.5], [0.61, 0.86]],
  ],
  [[
    [0.67, 0.15],
    [0.39, 0.16],
    [0.36, 0.46],
    [0.5, 0.42],
    [0.63, 0.48],
    [0.68, 0.62],
    [0.62, 0.78],
    [0.5, 0.84],
    [0.33, 0.8],
  ]],
  [[
    [0.62, 0.14],
    [0.5, 0.25],
    [0.4, 0.4],
    [0.34, 0.58],
    [0.36, 0.75],
    [0.48, 0.85],
    [0.62, 0.8],
    [0.66, 0.66],
    [0.58, 0.55],
    [0.45, 0.55],
    [0.36, 0.62],
  ]],
  [[[0.3, 0.17], [0.7, 0.17], [0.58, 0.4], [0.48, 0.62], [0.42, 0.86]]],
  [[
    [0.62, 0.22],
    [0.5, 0.14],
    [0.38, 0.22],
    [0.4, 0.36],
    [0.5, 0.46],
    [0.62, 0.56],
    [0.66, 0.7],
    [0.58, 0.83],
    [0.45, 0.84],
    [0.35, 0.73],
    [0.38, 0.58],
    [0.5, 0.46],
    [0.6, 0.36],
    [0.62, 0.22],
  ]],
  [[
    [0.64, 0.26],
    [0.55, 0.16],
    [0.42, 0.18],
    [0.36, 0.3],
    [0.42, 0.42],
    [0.55, 0.43],
    [0.64, 0.32],
    [0.64, 0.26],
    [0.62, 0.55],
    [0.58, 0.86],
  ]],
];
