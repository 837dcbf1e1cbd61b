// The two ways to open a log by hand, on the landing card (the file picker first among them)
// and in the top bar once a log is open.
export interface OpenActions {
  readonly onPick: () => void;
  readonly onSample: () => void;
  /** The sample log is being fetched. */
  readonly sampleBusy: boolean;
}

export function OpenButtons(p: OpenActions & { readonly primary: boolean }) {
  return (
    <>
      <button type="button" className={p.primary ? 'btn primary' : 'btn'} onClick={p.onPick}>
        Open file…
      </button>
      <button type="button" className="btn" onClick={p.onSample} disabled={p.sampleBusy}>
        Open sample log
      </button>
    </>
  );
}
