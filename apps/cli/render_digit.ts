/** Grey levels from blank to full, one character each. */
const SHADES = [" ", "░", "▒", "▓", "█"];

/**
 * Draws a grey image with Unicode block shades, two characters per pixel so
 * that it keeps its aspect in a terminal.
 *
 * @param pixels Row-major bytes, 0 (black background) to 255 (ink).
 * @param width Pixels per row.
 * @param height Rows.
 * @param cellWidth Characters per pixel (default 2, which looks square in most terminals).
 * @returns The drawing, one line per row, framed.
 */
export function renderDigit(
  pixels: Uint8Array,
  width: number,
  height: number,
  cellWidth = 2,
): string {
  const lines = [`┌${"─".repeat(cellWidth * width)}┐`];
  for (let y = 0; y < height; y++) {
    let line = "│";
    for (let x = 0; x < width; x++) {
      const value = pixels[y * width + x];
      const shade =
        SHADES[Math.min(SHADES.length - 1, Math.ceil(value / 256 * (SHADES.length - 1)))];
      line += shade.repeat(cellWidth);
    }
    lines.push(line + "│");
  }
  lines.push(`└${"─".repeat(cellWidth * width)}┘`);
  return lines.join("\n");
}

/**
 * Draws several images side by side, one character per pixel, each with a
 * caption above it.
 *
 * @param images The images, each `width x height`.
 * @param captions One caption per image (cut to the panel's width).
 * @param width Pixels per row.
 * @param height Rows.
 * @returns The drawing.
 */
export function renderDigitsSideBySide(
  images: readonly Uint8Array[],
  captions: readonly string[],
  width: number,
  height: number,
): string {
  const panels = images.map((image) => renderDigit(image, width, height, 1).split("\n"));
  const panelWidth = width + 2;
  const lines = [captions.map((c) => c.slice(0, panelWidth).padEnd(panelWidth)).join("  ")];
  for (let row = 0; row < panels[0].length; row++) {
    lines.push(panels.map((panel) => panel[row]).join("  "));
  }
  return lines.map((line) => line.trimEnd()).join("\n");
}
