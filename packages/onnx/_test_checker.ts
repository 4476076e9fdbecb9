// The official ONNX checker (Debian's python3-onnx, under /usr/bin/python3),
// for the tests that can use it where it is installed.

/** The Python that Debian's python3-onnx installs into. */
export const PYTHON = "/usr/bin/python3";

/** Whether `PYTHON` can import onnx. */
export const HAS_PYTHON_ONNX: boolean = (() => {
  try {
    return new Deno.Command(PYTHON, { args: ["-c", "import onnx"], stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();

const CHECK = `
import sys, onnx
model = onnx.load_from_string(sys.stdin.buffer.read())
onnx.checker.check_model(model, full_check=True)
print("ok")
`;

/** Runs `onnx.checker.check_model(full_check=True)` on a model; throws with its message if it refuses. */
export async function officialCheck(model: Uint8Array): Promise<void> {
  const child = new Deno.Command(PYTHON, {
    args: ["-c", CHECK],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(model);
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  const text = new TextDecoder().decode(stdout).trim();
  if (!success || text !== "ok") {
    const lines = new TextDecoder().decode(stderr).trim().split("\n");
    throw new Error(`onnx.checker refuses the model: ${lines.at(-1)}`);
  }
}
