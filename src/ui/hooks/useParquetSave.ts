// Saving the open log (or the selected range) as Parquet: a worker of its own reads the same
// File(s) and writes the file (worker/export.worker.ts). Where the File System Access API is
// there (Chromium), the person picks the file first and the worker streams into it; elsewhere
// the worker returns a Blob that is downloaded. Progress and Cancel while it runs.
import { proxy, wrap, type Remote } from 'comlink';
import { useEffect, useRef, useState } from 'react';
import { downloadBlob } from '../export-csv';
import type {
  ExportFile,
  ExportWorkerApi,
  ParquetSaveOutcome,
  ParquetSaveProgress,
  SavePart,
} from '../../worker/protocol';

export type ParquetSave =
  | { readonly phase: 'idle' }
  | { readonly phase: 'saving'; readonly progress: ParquetSaveProgress | null }
  | { readonly phase: 'done'; readonly outcome: ParquetSaveOutcome; readonly fileName: string };

/** window.showSaveFilePicker (Chromium), not in TypeScript's DOM types. */
type SavePicker = (o: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

const savePicker = (): SavePicker | undefined =>
  (window as Window & { showSaveFilePicker?: SavePicker }).showSaveFilePicker;

export interface ParquetSaveHandle {
  readonly state: ParquetSave;
  /** Asks where to save (if the browser can), then saves; `fileName` is the suggested name. */
  readonly save: (files: readonly ExportFile[], parts: readonly SavePart[], fileName: string) => void;
  readonly cancel: () => void;
  /** Back to idle after a finished save. */
  readonly reset: () => void;
}

export function useParquetSave(): ParquetSaveHandle {
  const [state, setState] = useState<ParquetSave>({ phase: 'idle' });
  const running = useRef<{ worker: Worker; api: Remote<ExportWorkerApi> } | null>(null);
  useEffect(
    () => () => {
      running.current?.worker.terminate();
      running.current = null;
    },
    [],
  );

  const run = async (files: readonly ExportFile[], parts: readonly SavePart[], fileName: string) => {
    let target: FileSystemFileHandle | null = null;
    const pick = savePicker();
    if (pick) {
      try {
        target = await pick({
          suggestedName: fileName,
          types: [{ description: 'Parquet', accept: { 'application/vnd.apache.parquet': ['.parquet'] } }],
        });
      } catch (e) {
        // the person closed the picker: nothing to do
        if (e instanceof DOMException && e.name === 'AbortError') return;
        throw e;
      }
    }
    const worker = new Worker(new URL('../../worker/export.worker.ts', import.meta.url), {
      type: 'module',
      name: 'atop-export',
    });
    const api = wrap<ExportWorkerApi>(worker);
    running.current = { worker, api };
    setState({ phase: 'saving', progress: null });
    const died = new Promise<ParquetSaveOutcome>((resolve) => {
      worker.addEventListener('error', (e) => {
        resolve({
          ok: false,
          cancelled: false,
          message: `The export worker failed: ${e.message || 'it could not start'}`,
        });
      });
    });
    const outcome = await Promise.race([
      api.save(
        { files, parts, target },
        proxy((progress: ParquetSaveProgress) => {
          setState({ phase: 'saving', progress });
        }),
      ),
      died,
    ]);
    worker.terminate();
    running.current = null;
    if (outcome.ok && outcome.blob) downloadBlob(outcome.blob, fileName);
    setState({ phase: 'done', outcome, fileName: target?.name ?? fileName });
  };

  return {
    state,
    save: (files, parts, fileName) => {
      if (running.current) return;
      run(files, parts, fileName).catch((e: unknown) => {
        running.current?.worker.terminate();
        running.current = null;
        setState({
          phase: 'done',
          outcome: { ok: false, cancelled: false, message: e instanceof Error ? e.message : String(e) },
          fileName,
        });
      });
    },
    cancel: () => {
      void running.current?.api.cancel();
    },
    reset: () => {
      if (!running.current) setState({ phase: 'idle' });
    },
  };
}
