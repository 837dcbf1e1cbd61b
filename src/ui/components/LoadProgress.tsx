// Reading progress of everything opened at once (bytes of all files, one bar), with one
// Cancel for all. Its box keeps the same height from the first byte to the last, so nothing
// below it moves while files load.
import { fmtFileSize } from '../format';
import type { SessionSnapshot } from '../session';
import type { WorkspaceSnapshot } from '../workspace';

export function LoadProgress(p: { ws: WorkspaceSnapshot; snap: SessionSnapshot; onCancel: () => void }) {
  const { ws } = p;
  const reading = ws.reading?.getSnapshot() ?? null;
  const pct = ws.totalBytes > 0 ? Math.min(100, (ws.bytesRead * 100) / ws.totalBytes) : 0;
  const what =
    ws.state === 'probing'
      ? `Looking at ${ws.files} files`
      : ws.files > 1
        ? `Reading ${ws.files} files${reading && ws.sessions.length > 1 ? ` (host ${ws.reading?.host ?? ''})` : ''}`
        : `Reading ${reading?.fileName ?? p.snap.fileName}`;
  return (
    <div className="progress" role="status" aria-live="polite">
      <div className="progress-text">
        {what}: {fmtFileSize(ws.bytesRead)} of {fmtFileSize(ws.totalBytes)} · {reading?.samples ?? 0} samples
      </div>
      <progress max={100} value={pct} aria-label="Bytes read" />
      <button type="button" className="btn small" onClick={p.onCancel} disabled={ws.cancelled}>
        Cancel
      </button>
    </div>
  );
}
