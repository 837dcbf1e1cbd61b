// A file that cannot be read at all: what is wrong and where.
import type { FormatError } from '../../format/errors';
import { whereText } from './where';

export function FatalError(p: { error: FormatError; fileName: string }) {
  return (
    <section className="fatal" role="alert" aria-labelledby="fatal-title">
      <h2 id="fatal-title">This file cannot be read</h2>
      <p className="fatal-file">{p.fileName}</p>
      <p className="fatal-msg">{p.error.message}</p>
      <p className="muted">
        Where: {whereText(p.error)} · code <code>{p.error.code}</code>
      </p>
    </section>
  );
}
