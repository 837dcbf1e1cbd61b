/** The -P labels whose plain columns the oracle tests compare. */
export const ORACLE_LABELS = [
  'PRG',
  'PRC',
  'PRM',
  'PRD',
  'PRN',
  'PRE',
  'CPU',
  'cpu',
  'CPL',
  'MEM',
  'SWP',
  'PAG',
  'PSI',
  'DSK',
  'NET',
] as const;
