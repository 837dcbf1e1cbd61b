// Files dropped anywhere on the page open; while some are dragged over it, `dragging` is true
// (the page shows where to drop). Several files open together, and a folder dragged from a
// file manager opens with every file inside it (webkitGetAsEntry, walked to any depth).
// Drags of anything but files are left alone.
import { useEffect, useEffectEvent, useState } from 'react';

/** Folders deeper than this are not walked (a drop of / must not hang the page). */
const MAX_DEPTH = 8;
/** At most this many files are taken from a dropped folder. */
export const MAX_DROPPED_FILES = 2000;

function fileOf(entry: FileSystemFileEntry): Promise<File | null> {
  return new Promise((resolve) => {
    entry.file(resolve, () => {
      resolve(null);
    });
  });
}

/** Every entry of a folder (readEntries hands them out in batches until an empty one). */
function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve) => {
    const next = () => {
      reader.readEntries(
        (batch) => {
          if (batch.length === 0 || all.length >= MAX_DROPPED_FILES) resolve(all);
          else {
            all.push(...batch);
            next();
          }
        },
        () => {
          resolve(all);
        },
      );
    };
    next();
  });
}

async function walk(entry: FileSystemEntry, depth: number, out: File[]): Promise<void> {
  if (out.length >= MAX_DROPPED_FILES) return;
  if (entry.isFile) {
    const f = await fileOf(entry as FileSystemFileEntry);
    if (f) out.push(f);
  } else if (entry.isDirectory && depth < MAX_DEPTH) {
    const children = await entriesOf(entry as FileSystemDirectoryEntry);
    // a folder's files in name order: atop_20261123 before atop_20261124
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const c of children) await walk(c, depth + 1, out);
  }
}

/** The files of a drop: folders walked, plain files as they are. */
export async function droppedFiles(dt: DataTransfer): Promise<File[]> {
  // entries must be taken during the drop event itself: the list is emptied after it
  const entries = [...dt.items].map((it) => (it.kind === 'file' ? it.webkitGetAsEntry() : null));
  const files = [...dt.files];
  if (!entries.some((e) => e?.isDirectory)) return files;
  const out: File[] = [];
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const f = files[k];
    if (e) await walk(e, 0, out);
    else if (f) out.push(f);
  }
  return out;
}

export function useFileDrop(onFiles: (f: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const onDropFiles = useEffectEvent(onFiles);
  useEffect(() => {
    // dragenter / dragleave fire for every element crossed: count them
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      if (!e.dataTransfer) return;
      void droppedFiles(e.dataTransfer).then((files) => {
        if (files.length > 0) onDropFiles(files);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}
