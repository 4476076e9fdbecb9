/** Grey levels from blank to full, one character each. */
const SHADES = [" ", "░", "▒", "▓", "█"];

/**
 * Draws a grey image with Unicode block shades, two characters per pixel so
 * that it keeps its aspect in a terminal.
 *
 * @param pixels Row-major bytes, 0 (black background) to 255 (ink).
 * @param width Pixels per row.
 * @param height Rows.
 * @returns The drawing, one line per row, framed.
 */
export function renderDigit(pixels: Uint8Array, width: number, height: number): string {
  const lines = [`┌${"─".repeat(2 * width)}┐`];
  for (let y = 0; y < height; y++) {
    let line = "│";
    for (let x = 0; x < width; x++) {
      const value = pixels[y * width + x];
      const shade =
        SHADES[Math.min(SHADES.length - 1, Math.ceil(value / 256 * (SHADES.length - 1)))];
      line += shade + shade;
    }
    lines.push(line + "│");
  }
  lines.push(`└${"─".repeat(2 * width)}┘`);
  return lines.join("\n");
}
