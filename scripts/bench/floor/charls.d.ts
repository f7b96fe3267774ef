// The part of @cornerstonejs/codec-charls (an Emscripten module without declarations) the floor uses.
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  export interface JpegLSDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getDecodedBuffer(): Uint8Array;
  }
  export interface CharlsModule {
    JpegLSDecoder: new () => JpegLSDecoder;
  }
  const charlsFactory: (options?: { locateFile?(path: string): string }) => Promise<CharlsModule>;
  export default charlsFactory;
}
