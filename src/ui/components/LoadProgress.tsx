// Reading progress of the log being opened, with Cancel.
import { fmtFileSize } from '../format';
import type { SessionSnapshot } from '../session';

export function LoadProgress(p: { snap: SessionSnapshot; onCancel: () => void }) {
  const { bytesRead, totalBytes, samples } = p.snap;
  const pct = totalBytes > 0 ? Math.min(100, (bytesRead * 100) / totalBytes) : 0;
  return (
    <div className="progress" role="status" aria-live="polite">
      <div className="progress-text">
        Reading <b>{p.snap.fileName}</b>: {fmtFileSize(bytesRead)} of {fmtFileSize(totalBytes)} · {samples}{' '}
        samples
      </div>
      <progress max={100} value={pct} aria-label="Bytes read" />
      <button type="button" className="btn small" onClick={p.onCancel}>
        Cancel
      </button>
    </div>
  );
}
