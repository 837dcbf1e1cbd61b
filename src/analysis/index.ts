// Public surface of the analysis over the parsing core: range totals per process / program /
// user / container / cgroup, process identity, lifelines and cgroup trees. Pure TypeScript
// (no DOM, no Node APIs), for workers, Node and the CLI alike.
export * from './fields';
export * from './identity';
export * from './exact-sums';
export * from './processes';
export * from './totals';
export * from './records';
export * from './feed';
export * from './run';
export * from './lifeline';
export * from './cgroup-tree';
