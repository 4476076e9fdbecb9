import assert from "node:assert/strict";
import { runSection } from "./run_section.ts";

Deno.test("runSection()", async (t) => {
  const rows = Array.from({ length: 35 }, (_, i) => [`--flag-${i}`, `${i} (default)`] as const);
  const html = runSection({
    facts: [["Architecture", "784-10-10"], ["Backend", "wasm"]],
    tables: [
      { title: "Flags", rows: [["--lr", "0.5"], ["--hidden", "1024 (preset best)"], ...rows] },
      { title: "Empty", rows: [] },
    ],
  }).html;

  await t.step("puts the facts first, then each table under its title", () => {
    assert.ok(html.indexOf('<dl class="facts">') < html.indexOf("<h3>Flags</h3>"));
    assert.match(html, /<dt>Architecture<\/dt><dd>784-10-10<\/dd>/);
  });

  await t.step("gives each row its own block, so the columns keep a name by its value", () => {
    const settings = html.slice(html.indexOf('<dl class="settings">'));
    assert.equal(settings.match(/<div><dt>/g)?.length, 37);
  });

  await t.step("greys the origin note of a value, and only that", () => {
    assert.match(html, /<code>--lr<\/code><\/dt><dd>0\.5<\/dd>/);
    assert.match(html, /<dd>1024 <span class="origin">\(preset best\)<\/span><\/dd>/);
    assert.match(html, /<dd>7 <span class="origin">\(default\)<\/span><\/dd>/);
  });

  await t.step("leaves out a table without rows", () => {
    assert.doesNotMatch(html, /Empty/);
  });

  await t.step("escapes names and values; only names with -- are code", () => {
    const odd = runSection({
      facts: [["<b>", "a & b"]],
      tables: [{ title: "T <1>", rows: [["Train accuracy", "<0.5> (default)"]] }],
    }).html;
    assert.match(odd, /<dt>&lt;b&gt;<\/dt><dd>a &amp; b<\/dd>/);
    assert.match(odd, /<h3>T &lt;1&gt;<\/h3>/);
    assert.match(odd, /<dt>Train accuracy<\/dt><dd>&lt;0\.5&gt; <span class="origin">/);
  });
});
