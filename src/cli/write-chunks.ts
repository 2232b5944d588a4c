/**
 * Writes a document produced in pieces (report/json.ts auditJsonChunks) in blocks of about 64 KiB, waiting for 'drain'
 * when the stream pushes back, so that neither the whole text nor an unbounded queue of blocks is ever held.
 */
import { once } from 'node:events';

const BLOCK_CHARS = 1 << 16;

export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let block = '';
  for (const chunk of chunks) {
    block += chunk;
    if (block.length >= BLOCK_CHARS) {
      const ok = stream.write(block);
      block = '';
      if (!ok) await once(stream, 'drain');
    }
  }
  if (block.length > 0 && !stream.write(block)) await once(stream, 'drain');
}
