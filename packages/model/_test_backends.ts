// Every backend the model's tests run on. Add a backend here when it lands.
// The ndarray backend runs single-threaded here, so that no worker outlives
// a test; its own tests cover the threaded path.
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";

export function testBackends(): Backend[] {
  return [new JsBackend(), new NdarrayBackend({ threads: 1 })];
}
