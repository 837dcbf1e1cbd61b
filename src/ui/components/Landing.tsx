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
        <p className="story" data-testid="sample-story">
          <b>The sample log</b>: fifteen minutes of a small server. A cron job (<code>cpu-hog</code>) takes a
          CPU every 3 minutes (the plateaus on the CPU chart: drag across one and the table totals it),{' '}
          <code>leaky-cache</code> grows until it is killed at 320 MiB (twice), <code>backup-writer</code>{' '}
          dumps 384 MiB to disk three times, and a bad config deploy at 5:00 sends <code>flaky-daemon</code>{' '}
          into a crash loop (exit 1, a new pid every 20 s) until the rollback at 12:00. Type a name in the
          filter to find each one, click a process for its whole life; <kbd>m</kbd> and <kbd>d</kbd> show
          memory and disk.
        </p>
        <p className="privacy">
          <span aria-hidden="true">🔒</span> Nothing is uploaded: the file is read inside this browser tab.
        </p>
      </div>
    </section>
  );
}
