// The reading worker died: say so, and offer to read the same file again with a fresh one.
/** The worker died: say so, and offer to read the same file again (a fresh worker). */
export function ReaderCrashed(p: { why: string; samples: number; onRetry: () => void }) {
  return (
    <div className="banner warn" role="alert" data-testid="reader-crashed">
      <div className="banner-main">
        <span className="banner-text">
          The reader stopped working: {p.why}. This can happen when the browser runs out of memory for a very
          large log.
          {p.samples > 0 ? ' Samples already decoded stay on screen.' : ''}
        </span>
        <button type="button" className="btn small" onClick={p.onRetry}>
          Read the file again
        </button>
        <span className="muted"> or open another file.</span>
      </div>
    </div>
  );
}
