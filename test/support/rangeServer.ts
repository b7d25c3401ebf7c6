// A real HTTP server on 127.0.0.1 that serves one file with Range support, as a model host does:
// for the download tests. Each GET of the body is sent whole, slowly (in pieces, so a test can see
// progress or kill a client halfway), or cut halfway with the connection dropped.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Delivery = 'whole' | 'cut' | { pieceBytes: number; everyMs: number };

export interface RangeServer {
  /** http://127.0.0.1:PORT (any path serves the file). */
  base: string;
  /** The Range header of each GET of the body ('none' without one). */
  ranges: string[];
  /** Body bytes written so far. */
  sent(): number;
  close(): void;
}

export async function serveWithRanges(bytes: Buffer, options: { headers?: () => Record<string, string>; delivery?: () => Delivery | undefined } = {}): Promise<RangeServer> {
  const ranges: string[] = [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] !== '' ? Number(range[2]) : bytes.length - 1;
    const body = bytes.subarray(start, end + 1);
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', ...options.headers?.() };
    res.writeHead(range ? 206 : 200, { ...headers, 'content-length': body.length, ...(range ? { 'content-range': `bytes ${start}-${end}/${bytes.length}` } : {}) });
    if (req.method === 'HEAD') return res.end();
    ranges.push(req.headers.range ?? 'none');
    const delivery = options.delivery?.() ?? 'whole';
    if (delivery === 'cut') {
      const half = body.subarray(0, Math.max(0, Math.floor(bytes.length / 2) - start));
      sent += half.length;
      res.write(half);
      setTimeout(() => req.socket.destroy(), 50);
      return;
    }
    if (delivery === 'whole') {
      sent += body.length;
      return res.end(body);
    }
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      const piece = body.subarray(at, (at += delivery.pieceBytes));
      sent += piece.length;
      if (piece.length === 0) {
        clearInterval(timer);
        res.end();
      } else res.write(piece);
    }, delivery.everyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ranges, sent: () => sent, close: () => server.close() };
}
