// The derived figures of the per-sample series equal what atop's own screen shows for the
// same log, within one unit of atop's rounding: the capture was recorded by this machine's
// atop 2.8.1 under load (tools/capture-system-screen.sh) and screen.full.txt is
// `atop -r sample.raw -L 250` with stdout not a terminal, which prints every sample's
// screen as text, 250 columns wide so that every field of every system line is there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunksOf, readSystemSeries, type SystemSeries } from '../src/format/index';
import { parseShown, readSystemLog, SCREEN_CAPTURE, screens } from './system-helpers';

/** What one on-screen item is in our series, given the sample's interval. */
type Ours = (s: number, nsecs: number) => number | undefined;

const tally = new Map<string, number>();

describe('derived figures agree with atop 2.8.1 text screen (±1 of its rounding)', () => {
  it(`${SCREEN_CAPTURE.name}: every system field of every sample`, async () => {
    const file = join(SCREEN_CAPTURE.dir, 'sample.raw');
    const { series } = await readSystemSeries(chunksOf(readFileSync(file)));
    const { samples } = await readSystemLog(file);
    const sr: SystemSeries = series!;
    const col = (key: string) => sr.column(key)!;
    const fixed: Record<string, (key: string) => Ours> = {
      value: (key) => (s) => col(key)[s],
      count: (key) => (s, n) => col(key)[s]! * n,
    };
    const dev = (label: string, name: string, key: string) => sr.device(label, name, key)!;

    // atop's name of each item → our figure (rates back to counts where atop shows counts)
    const systemItems: Record<string, Record<string, Ours>> = {
      PRC: {
        '#proc': fixed.value!('prc.procs'),
        '#trun': fixed.value!('prc.running'),
        '#tslpi': fixed.value!('prc.sleeping'),
        '#tslpu': fixed.value!('prc.dsleep'),
        '#zombie': fixed.value!('prc.zombies'),
        clones: fixed.value!('prc.clones'),
        '#exit': fixed.value!('prc.exits'),
      },
      CPU: {
        sys: fixed.value!('cpu.sys'),
        user: fixed.value!('cpu.user'),
        irq: fixed.value!('cpu.irq'),
        idle: fixed.value!('cpu.idle'),
        wait: fixed.value!('cpu.wait'),
        steal: fixed.value!('cpu.steal'),
        guest: fixed.value!('cpu.guest'),
        curf: fixed.value!('cpu.freq'),
        avgf: fixed.value!('cpu.freq'),
      },
      CPL: {
        avg1: fixed.value!('cpl.load1'),
        avg5: fixed.value!('cpl.load5'),
        avg15: fixed.value!('cpl.load15'),
        csw: fixed.count!('cpl.csw'),
        intr: fixed.count!('cpl.intr'),
      },
      MEM: Object.fromEntries(
        Object.entries({
          tot: 'total',
          free: 'free',
          cache: 'cache',
          dirty: 'dirty',
          buff: 'buffers',
          slab: 'slab',
          slrec: 'slabReclaim',
          pgtab: 'pagetables',
          shmem: 'shmem',
          shrss: 'shmrss',
          shswp: 'shmswp',
          avail: 'available',
          tcpsk: 'tcpsock',
          udpsk: 'udpsock',
          hptot: 'hugeTotal',
          hpuse: 'hugeUsed',
        }).map(([a, k]) => [a, fixed.value!(`mem.${k}`)]),
      ),
      SWP: {
        tot: fixed.value!('swp.total'),
        free: fixed.value!('swp.free'),
        swcac: fixed.value!('swp.cached'),
        vmcom: fixed.value!('swp.committed'),
        vmlim: fixed.value!('swp.commitLimit'),
      },
      PAG: {
        scan: fixed.count!('pag.scan'),
        steal: fixed.count!('pag.steal'),
        stall: fixed.count!('pag.stall'),
        compact: fixed.count!('pag.compact'),
        numamig: fixed.count!('pag.numamigrate'),
        migrate: fixed.count!('pag.migrate'),
        pgin: fixed.count!('pag.pgin'),
        pgout: fixed.count!('pag.pgout'),
        swin: fixed.count!('pag.swin'),
        swout: fixed.count!('pag.swout'),
        oomkill: fixed.value!('pag.oomkill'),
      },
      PSI: Object.fromEntries(
        ['cpusome', 'memsome', 'memfull', 'iosome', 'iofull'].map((p) => [p, fixed.value!(`psi.${p}.stall`)]),
      ),
      NET: {
        tcpi: fixed.count!('net.tcpIn'),
        tcpo: fixed.count!('net.tcpOut'),
        udpi: fixed.count!('net.udpIn'),
        udpo: fixed.count!('net.udpOut'),
        tcpao: fixed.count!('net.tcpActiveOpens'),
        tcppo: fixed.count!('net.tcpPassiveOpens'),
        tcprs: fixed.count!('net.tcpRetrans'),
        tcpie: fixed.count!('net.tcpInErrs'),
        tcpor: fixed.count!('net.tcpOutRsts'),
        udpnp: fixed.count!('net.udpNoPorts'),
        udpie: fixed.count!('net.udpInErrors'),
        ipi: fixed.count!('net.ipIn'),
        ipo: fixed.count!('net.ipOut'),
        ipfrw: fixed.count!('net.ipForward'),
        deliv: fixed.count!('net.ipDeliver'),
        icmpi: fixed.count!('net.icmpIn'),
        icmpo: fixed.count!('net.icmpOut'),
      },
    };
    const psiAverages: Record<string, string> = {
      cs: 'cpusome',
      ms: 'memsome',
      mf: 'memfull',
      is: 'iosome',
      if: 'iofull',
    };
    const cpuItems: Record<string, string> = {
      sys: 'sys',
      user: 'user',
      irq: 'irq',
      idle: 'idle',
      steal: 'steal',
    };
    const diskItems = (name: string): Record<string, Ours> => {
      const d = (k: string) => dev('DSK', name, k);
      return {
        busy: (s) => d('busy')[s],
        read: (s, n) => d('reads')[s]! * n,
        write: (s, n) => d('writes')[s]! * n,
        discrd: (s, n) => d('discards')[s]! * n,
        // sysprt_DSKKBPERRD/WR: nrsect / nread / 2, integers
        'KiB/r': (s) => (d('reads')[s] ? Math.trunc(d('readBytes')[s]! / d('reads')[s]! / 1024) : 0),
        'KiB/w': (s) => (d('writes')[s] ? Math.trunc(d('writeBytes')[s]! / d('writes')[s]! / 1024) : 0),
        'KiB/d': (s) => (d('discards')[s] ? Math.trunc(d('discardBytes')[s]! / d('discards')[s]! / 1024) : 0),
        'MBr/s': (s) => d('readBytes')[s]! / 1048576,
        'MBw/s': (s) => d('writeBytes')[s]! / 1048576,
        inflt: (s) => d('inflight')[s],
        avq: (s) => d('avq')[s],
        avio: (s) => d('avio')[s],
      };
    };
    const interfaceItems = (name: string): Record<string, Ours> => {
      const d = (k: string) => dev('NET', name, k);
      return {
        pcki: (s, n) => d('rxPackets')[s]! * n,
        pcko: (s, n) => d('txPackets')[s]! * n,
        sp: (s) => d('speed')[s]! * 1e6,
        si: (s) => d('rxBytes')[s]! * 8,
        so: (s) => d('txBytes')[s]! * 8,
        erri: (s, n) => d('rxErrors')[s]! * n,
        erro: (s, n) => d('txErrors')[s]! * n,
        drpi: (s, n) => d('rxDrops')[s]! * n,
        drpo: (s, n) => d('txDrops')[s]! * n,
        coll: (s, n) => d('collisions')[s]! * n,
        mlti: (s, n) => d('multicast')[s]! * n,
      };
    };

    const shown = screens(readFileSync(join(SCREEN_CAPTURE.dir, 'screen.full.txt'), 'utf8'));
    expect(shown).toHaveLength(samples.length);
    const misses: string[] = [];
    const check = (label: string, s: number, what: string, text: string, ours: number | undefined) => {
      const want = parseShown(text);
      if (!want) throw new Error(`cannot read "${text}" (${label} ${what})`);
      const ok =
        ours !== undefined && Math.abs(ours - want.value) <= want.unit * 1.0001 + 1e-6 * Math.abs(want.value);
      if (!ok) misses.push(`sample ${s} ${label} ${what}: atop "${text}", ours ${ours}`);
      tally.set(label, (tally.get(label) ?? 0) + 1);
    };
    const split = (item: string): [string, string] => {
      const m = /^(\S+)\s+(.*)$/.exec(item);
      return m ? [m[1]!, m[2]!] : [item, ''];
    };

    shown.forEach((lines, s) => {
      const nsecs = samples[s]!.rec.interval;
      for (const { label, items } of lines) {
        if (label === 'cpu') {
          // atop sorts the CPUs by activity: "cpu001 w  3%" says which one the line is
          const id = items.map((i) => /^cpu(\d+) w\s+(\S+)$/.exec(i)).find((m) => m);
          const name = `cpu${Number(id![1])}`;
          check('cpu', s, `${name} wait`, id![2]!, dev('cpu', name, 'wait')[s]);
          for (const item of items) {
            const [k, v] = split(item);
            const key = cpuItems[k];
            if (key) check('cpu', s, `${name} ${k}`, v, dev('cpu', name, key)[s]);
          }
        } else if (label === 'DSK') {
          const name = items[0]!;
          const ours = diskItems(name);
          for (const item of items.slice(1)) {
            const [k, v] = split(item);
            if (ours[k]) check('DSK', s, `${name} ${k}`, v, ours[k](s, nsecs));
          }
        } else if (label === 'NET' && !/^(transport|network)$/.test(items[0]!)) {
          const [name, busy] = split(items[0]!);
          // no line speed: atop shows ---- and so do we (NaN)
          if (busy === '----') expect(Number.isNaN(dev('NET', name, 'busy')[s])).toBe(true);
          else check('NET', s, `${name} busy`, busy, dev('NET', name, 'busy')[s]);
          const ours = interfaceItems(name);
          for (const item of items.slice(1)) {
            const [k, v] = split(item);
            if (ours[k]) check('NET', s, `${name} ${k}`, v, ours[k](s, nsecs));
          }
        } else if (label === 'PSI') {
          for (const item of items) {
            const [k, v] = split(item);
            if (psiAverages[k]) {
              const avgs = v.split('/');
              ['avg10', 'avg60', 'avg300'].forEach((a, i) => {
                check('PSI', s, `${k} ${a}`, avgs[i]!, col(`psi.${psiAverages[k]}.${a}`)[s]);
              });
            } else if (systemItems.PSI![k]) check('PSI', s, k, v, systemItems.PSI![k](s, nsecs));
          }
        } else {
          const ours = systemItems[label];
          if (!ours) continue;
          for (const item of items) {
            const [k, v] = split(item);
            if (ours[k]) check(label, s, k, v, ours[k](s, nsecs));
          }
        }
      }
    });
    expect(misses).toEqual([]);
    for (const l of ['PRC', 'CPU', 'cpu', 'CPL', 'MEM', 'SWP', 'PAG', 'PSI', 'DSK', 'NET'])
      expect(tally.get(l), l).toBeGreaterThan(10);
  });

  afterAll(() => {
    console.log(`screen fields compared: ${[...tally].map(([l, n]) => `${l} ${n}`).join(', ')}`);
  });
});
