// parquet-wasm's module for Node: read from node_modules (also from the bundled CLI, which
// runs inside the checkout), compiled once per thread.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initParquetWasm } from '../../src/export/parquet';

export function initParquetForNode(): void {
  const path = createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
  initParquetWasm(readFileSync(path));
}
