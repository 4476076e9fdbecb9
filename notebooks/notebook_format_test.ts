/**
 * The notebooks' cells are `deno fmt` clean. `deno fmt --check` itself cannot judge a notebook
 * here: with an empty cache, Deno 2.9.6 reports every cell whose source does not end in a newline
 * as unformatted (with an empty diff), while `deno fmt` writes cells without that newline. So
 * deno.json excludes `*.ipynb` from `deno fmt`, and this test formats each cell on its own, as
 * TypeScript or Markdown, with the project's settings.
 */

const NOTEBOOKS = new URL("./", import.meta.url);

async function formatted(source: string, ext: "ts" | "md"): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", `--ext=${ext}`, "-"],
    cwd: new URL("../", import.meta.url),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) throw new Error(`deno fmt failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout).replace(/\n$/, "");
}

type Cell = { cell_type: string; source: string[] | string };

for (const entry of Deno.readDirSync(NOTEBOOKS)) {
  if (!entry.name.endsWith(".ipynb")) continue;
  Deno.test(`${entry.name}: every cell is deno fmt clean`, async () => {
    const notebook = JSON.parse(Deno.readTextFileSync(new URL(entry.name, NOTEBOOKS)));
    const problems: string[] = [];
    for (const [index, cell] of (notebook.cells as Cell[]).entries()) {
      if (cell.cell_type !== "code" && cell.cell_type !== "markdown") continue;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      const want = await formatted(source, cell.cell_type === "code" ? "ts" : "md");
      if (want !== source) problems.push(`cell ${index + 1} (${cell.cell_type})`);
    }
    if (problems.length > 0) {
      throw new Error(`${entry.name}: not formatted as deno fmt would: ${problems.join(", ")}`);
    }
  });
}

Deno.test("the format check catches a cell deno fmt would change", async () => {
  const want = await formatted("const a=1", "ts");
  if (want === "const a=1") throw new Error("deno fmt left 'const a=1' alone");
});
