// atop's system lines as the System panel writes them (src/ui/system/system-lines.ts), for
// every sample of the system-screen capture, against atop 2.8.1's own text screen of the
// same log (screen.full.txt): the same labels in the same order, one cpu line per CPU, one
// DSK line per disk, one NET line per interface, and every item atop shows that we show
// with the same name and the same value (±1 of atop's last digit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemFigures, systemSnapshot } from '../src/format/index';
import { count, level, mem, netSpeed, systemLines, type SysLine } from '../src/ui/system/system-lines';
import { parseShown, readSystemLog, SCREEN_CAPTURE, screens } from './system-helpers';

const itemText = (l: SysLine) => l.items.map((i) => (i.value === '' ? i.name : `${i.name} ${i.value}`));

describe('System panel lines', () => {
  it("every sample of the capture: atop 2.8.1's screen lines, items and values", async () => {
    const { log, samples } = await readSystemLog(join(SCREEN_CAPTURE.dir, 'sample.raw'));
    const figs = systemFigures(log.layout, log.header);
    const shown = screens(readFileSync(join(SCREEN_CAPTURE.dir, 'screen.full.txt'), 'utf8'));
    expect(shown).toHaveLength(samples.length);
    const misses: string[] = [];
    let compared = 0;
    samples.forEach((s, k) => {
      const ours = systemLines(systemSnapshot(figs, s.sstat, s.rec.fields), s.rec.interval);
      const atop = shown[k]!;
      // labels in atop's order (atop leaves out lines with nothing to show, e.g. an idle interface)
      const order = (labels: string[]) => labels.filter((l, i) => l !== labels[i - 1]);
      const ourLabels = order(ours.map((l) => l.label));
      expect(
        order(atop.map((l) => l.label)).every((l) => ourLabels.includes(l)),
        `sample ${k}`,
      ).toBe(true);
      expect(ours.filter((l) => l.label === 'cpu')).toHaveLength(2);
      expect(ours.filter((l) => l.label === 'DSK').map((l) => l.subject)).toEqual(['vda']);
      for (const a of atop) {
        if (a.label === 'PRC' || (a.label === 'MEM' && a.items[0]?.startsWith('numnode'))) continue;
        // the line of ours it is: the same label and its first item's name
        const first = a.items[0]!.split(/\s+/)[0]!;
        const mine = ours.find(
          (l) =>
            l.label === a.label &&
            (a.label === 'cpu'
              ? l.items.some((i) => a.items.some((x) => x.startsWith(i.name) && i.name.startsWith('cpu0')))
              : l.items.some((i) => i.name === first)),
        );
        if (!mine) {
          misses.push(`sample ${k}: no ${a.label} line for "${a.items.join(' | ')}"`);
          continue;
        }
        const byName = new Map(mine.items.map((i) => [i.name, i.value]));
        for (const item of a.items) {
          const m = /^(.*\S)\s+(\S+(?: ms| Mbps| Kbps| Gbps)?)$/.exec(item);
          if (!m || !byName.has(m[1]!)) continue;
          const [want, got] = [m[2]!, byName.get(m[1]!)!];
          compared++;
          if (want === got) continue;
          const w = parseShown(want);
          const g = parseShown(got);
          if (!w || !g || Math.abs(w.value - g.value) > Math.max(w.unit, g.unit) * 1.0001)
            misses.push(`sample ${k} ${a.label} ${m[1]}: atop "${want}", ours "${got}"`);
        }
      }
      // the interfaces atop lists, one NET line each
      const ifaces = atop.filter((l) => l.label === 'NET' && !/^(transport|network)$/.test(l.items[0]!));
      for (const l of ifaces)
        expect(ours.some((o) => o.label === 'NET' && o.subject === l.items[0]!.split(/\s+/)[0])).toBe(true);
      // the items of a line read like atop's
      expect(itemText(ours.find((l) => l.label === 'DSK')!)[0]).toBe('vda');
    });
    expect(misses).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });

  it('formats as atop: counts, memory, network speeds, busy levels', () => {
    expect(count(6774920)).toBe('6774920');
    expect(count(15402288)).toBe('1540e4');
    expect(mem(41.4 * 1048576)).toBe('41.4M');
    expect(mem(23.5 * 1073741824)).toBe('23.5G');
    expect(mem(0)).toBe('0.0M');
    expect(netSpeed(36_000)).toBe('36 Kbps');
    expect(netSpeed(4_881_000)).toBe('4881 Kbps');
    expect(netSpeed(12_400_000)).toBe('12 Mbps');
    expect(level(95, 90)).toBe('crit');
    expect(level(75, 90)).toBe('almost');
    expect(level(50, 90)).toBe(null);
  });
});
