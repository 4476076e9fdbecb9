// Every backend the model's tests run on. Add a backend here when it lands.
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";

export function testBackends(): Backend[] {
  return [new JsBackend()];
}
