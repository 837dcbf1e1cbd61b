// A folder dragged from a file manager (src/ui/hooks/useFileDrop.ts droppedFiles): its files,
// at any depth, in name order; plain files of the same drop as they are. The entries are
// stand-ins with the FileSystemEntry API the browser hands out during a drop.
import { describe, expect, it } from 'vitest';
import { droppedFiles } from '../src/ui/hooks/useFileDrop';

type Entry = FileSystemFileEntry | FileSystemDirectoryEntry;

function fileEntry(name: string): FileSystemFileEntry {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (ok: (f: File) => void) => {
      ok(new File([name], name));
    },
  } as unknown as FileSystemFileEntry;
}

/** A folder whose reader hands out its entries two at a time, then an empty batch. */
function dirEntry(name: string, children: Entry[]): FileSystemDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (batch: Entry[]) => void) => {
          const batch = children.slice(at, at + 2);
          at += batch.length;
          ok(batch);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function drop(entries: (Entry | null)[], files: File[]): DataTransfer {
  return {
    items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })),
    files,
  } as unknown as DataTransfer;
}

describe('dropped files', () => {
  it('walks a folder to any depth, each folder in name order', async () => {
    const atop = dirEntry('atop', [
      fileEntry('atop_20261124'),
      dirEntry('old', [fileEntry('atop_20261122.gz'), fileEntry('atop_20261121.gz')]),
      fileEntry('atop_20261123'),
    ]);
    const names = (await droppedFiles(drop([atop], []))).map((f) => f.name);
    expect(names).toEqual(['atop_20261123', 'atop_20261124', 'atop_20261121.gz', 'atop_20261122.gz']);
  });

  it('takes plain files as they are, with or without a folder beside them', async () => {
    const a = new File(['a'], 'a');
    const b = new File(['b'], 'b');
    expect(await droppedFiles(drop([fileEntry('a'), fileEntry('b')], [a, b]))).toEqual([a, b]);
    const both = await droppedFiles(drop([null, dirEntry('d', [fileEntry('x')])], [a]));
    expect(both.map((f) => f.name)).toEqual(['a', 'x']);
  });
});
