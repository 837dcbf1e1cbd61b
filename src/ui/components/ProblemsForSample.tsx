// In place of the table: why the selected sample cannot be shown.
import type { FormatError } from '../../format/errors';
import type { LogProblem } from '../../worker/protocol';
import { whereText } from './where';

export function ProblemsForSample(p: {
  problem: LogProblem | undefined;
  error: FormatError;
  readerCrashed: boolean;
}) {
  const e = p.problem?.error ?? p.error;
  // nothing is wrong with the sample itself: there is no reader left to decode it
  if (p.readerCrashed && !p.problem)
    return (
      <div className="sample-error" role="alert">
        <h3>This sample cannot be shown</h3>
        <p>It was not decoded before the reader stopped working.</p>
        <p className="muted">Read the file again (above) to see it, or open another file.</p>
      </div>
    );
  return (
    <div className="sample-error" role="alert">
      <h3>This sample cannot be shown</h3>
      <p>{e.message}</p>
      <p className="muted">
        Where: {whereText(e)} · code <code>{e.code}</code>. The other samples are fine: step with t / T.
      </p>
    </div>
  );
}
