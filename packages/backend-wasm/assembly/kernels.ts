// The wasm backend's kernels, in AssemblyScript (compiled by
// `deno task build:wasm`). Every argument is a byte offset into the shared
// linear memory or a count. No kernel may need static data (tables,
// strings): the backend owns the whole memory, and build.ts refuses a
// module with a data segment.

export * from "./sparse_index";
export * from "./sparse_products";
export * from "./dense_products";
export * from "./panel_products";
export * from "./elementwise";
export * from "./softmax";
export * from "./labels";
export * from "./windows";
export * from "./long_products";
export * from "./pixel_upload";
