// Public surface of the parsing core. Pure TypeScript: runs in a worker, in Node and in the CLI.
export * from './errors';
export * from './header';
export * from './record';
export * from './reader';
export * from './decode';
export * from './samples';
export * from './tasks';
export * from './system';
export * from './cgroups';
export * from './strings';
export * from './inflate';
export * from './source';
export { SUPPORTED_VERSIONS, layoutForVersion, layoutForAversion, versionName, fieldsOf } from './version';
export type { VersionLayout, StructType } from './layout/dsl';
export type { LeafField } from './layout/flatten';
export * from './derived';
