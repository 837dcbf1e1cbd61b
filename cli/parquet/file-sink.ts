// A Parquet file being written: bytes go to a temporary name next to the final one, which is
// renamed over the final name only once the file is complete. A run that fails or is killed
// never leaves a half-written file under the final name.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ByteSink } from '../../src/export/table';

export class AtomicFileSink implements ByteSink {
  readonly tmp: string;
  bytes = 0;

  private constructor(
    readonly path: string,
    private fh: FileHandle | null,
    tmp: string,
  ) {
    this.tmp = tmp;
  }

  static async create(path: string): Promise<AtomicFileSink> {
    // same directory: the rename stays on one file system and is atomic
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    return new AtomicFileSink(path, await open(tmp, 'w'), tmp);
  }

  async write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) at += (await this.fh!.write(bytes, at)).bytesWritten;
    this.bytes += bytes.length;
  }

  /** The file is complete: it takes the final name (replacing what was there). */
  async commit(): Promise<void> {
    await this.fh!.close();
    this.fh = null;
    await rename(this.tmp, this.path);
  }

  /** Drops the temporary file. */
  async abort(): Promise<void> {
    await this.fh?.close();
    this.fh = null;
    await rm(this.tmp, { force: true });
  }
}
