import assert from "node:assert/strict";
import {
  integers,
  messages,
  packedFloats,
  packedInt64s,
  readFields,
  strings,
} from "./_test_protobuf_reader.ts";
import {
  attributeProto,
  graphProto,
  modelProto,
  nodeProto,
  type OnnxModel,
  operatorSetIdProto,
  stringStringEntryProto,
  tensorProto,
  valueInfoProto,
} from "./onnx_messages.ts";

Deno.test("tensorProto()", async (t) => {
  await t.step("writes dims unpacked, FLOAT, packed float_data and the name", () => {
    const bytes = tensorProto({
      name: "W1",
      dataType: "float",
      dims: [2, 3],
      values: [1, 2, 3, 4, 5, 6.5],
    });
    assert.deepEqual(integers(bytes, 1), [2, 3]);
    assert.deepEqual(integers(bytes, 2), [1]);
    assert.deepEqual([...packedFloats(messages(bytes, 4)[0])], [1, 2, 3, 4, 5, 6.5]);
    assert.deepEqual(strings(bytes, 8), ["W1"]);
    assert.deepEqual(readFields(bytes).map((f) => f.field), [1, 1, 2, 4, 8]);
  });
  await t.step("writes INT64 values packed in int64_data, negatives included", () => {
    const bytes = tensorProto({
      name: "shape",
      dataType: "int64",
      dims: [4],
      values: [0, -1, 28, 28],
    });
    assert.deepEqual(integers(bytes, 2), [7]);
    assert.deepEqual(packedInt64s(messages(bytes, 7)[0]), [0, -1, 28, 28]);
  });
  await t.step("writes a scalar (no dims) with one value", () => {
    const bytes = tensorProto({ name: "s", dataType: "float", dims: [], values: [3] });
    assert.deepEqual(integers(bytes, 1), []);
  });
  await t.step("refuses values that do not fill the dims", () => {
    assert.throws(
      () => tensorProto({ name: "b1", dataType: "float", dims: [10], values: new Float32Array(9) }),
      /Cannot encode tensor b1: its shape \[10\] holds 10 values but it has 9/,
    );
  });
});

Deno.test("attributeProto()", async (t) => {
  await t.step("writes each kind in its field with its type", () => {
    const cases = [
      [{ name: "alpha", type: "float", value: 0.01 }, 2, 1],
      [{ name: "axis", type: "int", value: 1 }, 3, 2],
      [{ name: "mode", type: "string", value: "x" }, 4, 3],
      [{ name: "pads", type: "ints", value: [0, 1, 1, 0] }, 8, 7],
    ] as const;
    for (const [attribute, field, type] of cases) {
      const bytes = attributeProto(attribute);
      assert.deepEqual(strings(bytes, 1), [attribute.name]);
      assert.deepEqual(integers(bytes, 20), [type]);
      assert.ok(readFields(bytes).some((f) => f.field === field), attribute.name);
    }
    assert.deepEqual(integers(attributeProto(cases[3][0]), 8), [0, 1, 1, 0]);
    assert.equal(readFields(attributeProto(cases[0][0]))[1].value, Math.fround(0.01));
  });
  await t.step("writes an empty ints list as the type alone", () => {
    const bytes = attributeProto({ name: "pads", type: "ints", value: [] });
    assert.deepEqual(readFields(bytes).map((f) => f.field), [1, 20]);
  });
});

Deno.test("nodeProto()", async (t) => {
  await t.step("writes inputs, outputs, name, op_type and attributes in order", () => {
    const bytes = nodeProto({
      name: "layer0_dense",
      opType: "Gemm",
      inputs: ["pixels", "W1", "b1"],
      outputs: ["layer0_dense"],
      attributes: [{ name: "transB", type: "int", value: 1 }],
    });
    assert.deepEqual(strings(bytes, 1), ["pixels", "W1", "b1"]);
    assert.deepEqual(strings(bytes, 2), ["layer0_dense"]);
    assert.deepEqual(strings(bytes, 3), ["layer0_dense"]);
    assert.deepEqual(strings(bytes, 4), ["Gemm"]);
    assert.deepEqual(strings(messages(bytes, 5)[0], 1), ["transB"]);
    assert.deepEqual(readFields(bytes).map((f) => f.field), [1, 1, 1, 2, 3, 4, 5]);
  });
});

Deno.test("valueInfoProto()", async (t) => {
  await t.step("writes a float tensor type with symbolic and fixed dims", () => {
    const bytes = valueInfoProto({ name: "pixels", shape: ["N", 784], docString: "scaled" });
    assert.deepEqual(strings(bytes, 1), ["pixels"]);
    assert.deepEqual(strings(bytes, 3), ["scaled"]);
    const tensorType = messages(messages(bytes, 2)[0], 1)[0];
    assert.deepEqual(integers(tensorType, 1), [1]);
    const dims = messages(messages(tensorType, 2)[0], 1);
    assert.deepEqual(strings(dims[0], 2), ["N"]);
    assert.deepEqual(integers(dims[1], 1), [784]);
  });
  await t.step("leaves the doc string out when there is none", () => {
    assert.deepEqual(readFields(valueInfoProto({ name: "x", shape: [] })).map((f) => f.field), [
      1,
      2,
    ]);
  });
});

Deno.test("graphProto()", async (t) => {
  await t.step("writes nodes, name, initializers, inputs and outputs", () => {
    const bytes = graphProto({
      name: "g",
      nodes: [{ name: "n", opType: "Relu", inputs: ["x"], outputs: ["y"] }],
      initializers: [{ name: "c", dataType: "float", dims: [1], values: [1] }],
      inputs: [{ name: "x", shape: [1] }],
      outputs: [{ name: "y", shape: [1] }],
    });
    assert.deepEqual(readFields(bytes).map((f) => f.field), [1, 2, 5, 11, 12]);
    assert.deepEqual(strings(messages(bytes, 1)[0], 4), ["Relu"]);
  });
});

Deno.test("operatorSetIdProto()", async (t) => {
  await t.step("writes the default domain as an empty string", () => {
    assert.deepEqual(strings(operatorSetIdProto(13), 1), [""]);
    assert.deepEqual(strings(operatorSetIdProto(1, "ai.onnx.ml"), 1), ["ai.onnx.ml"]);
    assert.deepEqual(integers(operatorSetIdProto(13), 2), [13]);
  });
});

Deno.test("stringStringEntryProto()", async (t) => {
  await t.step("writes key and value, empty ones too", () => {
    assert.deepEqual(strings(stringStringEntryProto("k", ""), 1), ["k"]);
    assert.deepEqual(strings(stringStringEntryProto("k", ""), 2), [""]);
  });
});

const MODEL: OnnxModel = {
  irVersion: 7,
  opsetVersion: 13,
  producerName: "simple-mnist",
  producerVersion: "0.1.0",
  docString: "doc",
  graph: {
    name: "g",
    nodes: [
      {
        name: "reshape",
        opType: "Reshape",
        inputs: ["x", "shape"],
        outputs: ["r"],
      },
      {
        name: "gemm",
        opType: "Gemm",
        inputs: ["r", "W", "b"],
        outputs: ["z"],
        attributes: [
          { name: "alpha", type: "float", value: 1.5 },
          { name: "transB", type: "int", value: 1 },
        ],
      },
      {
        name: "softmax",
        opType: "Softmax",
        inputs: ["z"],
        outputs: ["y"],
        attributes: [{ name: "axis", type: "int", value: 1 }],
      },
    ],
    initializers: [
      { name: "shape", dataType: "int64", dims: [2], values: [-1, 3] },
      { name: "W", dataType: "float", dims: [2, 3], values: [1, 2, 3, 4, 5, 6] },
      { name: "b", dataType: "float", dims: [2], values: [0.5, -0.5] },
    ],
    inputs: [{ name: "x", shape: ["N", 3], docString: "input" }],
    outputs: [{ name: "y", shape: ["N", 2] }],
  },
  metadata: { seed: "0", recipe: '{"lr":0.1}' },
};

// The same model built with the official onnx package's helpers.
const EXPECTED_PY = `
import sys, onnx
from onnx import helper, TensorProto as T
graph = helper.make_graph(
    [helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
     helper.make_node("Gemm", ["r", "W", "b"], ["z"], name="gemm", alpha=1.5, transB=1),
     helper.make_node("Softmax", ["z"], ["y"], name="softmax", axis=1)],
    "g",
    [helper.make_tensor_value_info("x", T.FLOAT, ["N", 3], doc_string="input")],
    [helper.make_tensor_value_info("y", T.FLOAT, ["N", 2])],
    [helper.make_tensor("shape", T.INT64, [2], [-1, 3]),
     helper.make_tensor("W", T.FLOAT, [2, 3], [1, 2, 3, 4, 5, 6]),
     helper.make_tensor("b", T.FLOAT, [2], [0.5, -0.5])])
expected = helper.make_model(graph, ir_version=7, producer_name="simple-mnist",
    producer_version="0.1.0", doc_string="doc", opset_imports=[helper.make_opsetid("", 13)])
helper.set_model_props(expected, {"seed": "0", "recipe": '{"lr":0.1}'})
ours = onnx.load_from_string(sys.stdin.buffer.read())
onnx.checker.check_model(ours, full_check=True)
if ours != expected:
    print("ours:", ours, "expected:", expected, sep="\\n")
    sys.exit(1)
print("equal", ours.SerializeToString() == expected.SerializeToString())
`;

const PYTHON = "/usr/bin/python3";

function hasPythonOnnx(): boolean {
  try {
    return new Deno.Command(PYTHON, { args: ["-c", "import onnx"], stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

Deno.test("modelProto()", async (t) => {
  await t.step("writes the header fields, graph, opset and metadata in field order", () => {
    const bytes = modelProto(MODEL);
    assert.deepEqual(readFields(bytes).map((f) => f.field), [1, 2, 3, 6, 7, 8, 14, 14]);
    assert.deepEqual(integers(bytes, 1), [7]);
    assert.deepEqual(strings(bytes, 2), ["simple-mnist"]);
    const entries = messages(bytes, 14).map((m) => [strings(m, 1)[0], strings(m, 2)[0]]);
    assert.deepEqual(entries, [["seed", "0"], ["recipe", '{"lr":0.1}']]);
  });
  await t.step({
    name: "equals the model the official onnx package builds (python3-onnx)",
    ignore: !hasPythonOnnx(),
    fn: async () => {
      const child = new Deno.Command(PYTHON, {
        args: ["-c", EXPECTED_PY],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(modelProto(MODEL));
      await writer.close();
      const { success, stdout, stderr } = await child.output();
      const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
      assert.ok(success, text);
      assert.match(text, /^equal True/, "the bytes too, as both write fields in number order");
    },
  });
});
