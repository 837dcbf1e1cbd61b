// The sample log that ships with the page (public/samples/atopview-demo.raw, recorded by
// tools/sample-log/record.sh; tools/sample-log/STORY.md tells its story), fetched on request
// and opened like a dropped file.
import { useState } from 'react';

const SAMPLE_NAME = 'atopview-demo.raw';
const SAMPLE_URL = `${import.meta.env.BASE_URL}samples/${SAMPLE_NAME}`;

export interface SampleLogHandle {
  /** The fetch is under way. */
  readonly busy: boolean;
  readonly open: () => void;
}

export function useSampleLog(
  openFile: (file: Blob, name: string) => void,
  onFail: (message: string) => void,
): SampleLogHandle {
  const [busy, setBusy] = useState(false);
  const fetchAndOpen = async () => {
    setBusy(true);
    try {
      const r = await fetch(SAMPLE_URL);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      openFile(await r.blob(), SAMPLE_NAME);
    } catch (e) {
      onFail(`The sample log could not be loaded (${String(e)}).`);
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    open: () => {
      void fetchAndOpen();
    },
  };
}
