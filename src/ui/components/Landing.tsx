// The first screen: drop a log, pick one, or open the sample log; and that nothing leaves the tab.
import { OpenButtons, type OpenActions } from './OpenButtons';

const SUPPORTED = '1.26 and 2.1 – 2.13';

export function Landing(p: OpenActions) {
  return (
    <section className="landing" aria-labelledby="landing-title">
      <div className="landing-card">
        <h2 id="landing-title">Drop atop raw logs anywhere on this page</h2>
        <p className="muted">
          The binary files <code>atop -w</code> writes, e.g. <code>/var/log/atop/atop_20261123</code>, plain
          or gzip-compressed. Formats {SUPPORTED}. Several files, or a whole folder, at once: each host's days
          become one timeline.
        </p>
        <div className="landing-actions">
          <OpenButtons primary {...p} />
        </div>
        <p className="privacy">
          <span aria-hidden="true">🔒</span> Nothing is uploaded: the file is read inside this browser tab.
        </p>
      </div>
    </section>
  );
}
