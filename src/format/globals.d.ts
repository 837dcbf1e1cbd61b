// The only host APIs the core uses; browsers, workers and Node all provide them. Declared
// here so that the core compiles without the DOM or Node type libraries.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
