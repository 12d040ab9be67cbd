/**
 * A tiny HTTP proxy in front of the emulator that can fail requests on purpose: answer 500 or
 * 403, or stop listening altogether (the endpoint going away mid-publish).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

export type Verdict = 'forward' | 'fail500' | 'deny403';

export interface FaultyProxy {
  endpoint: string;
  /** Requests seen, as `METHOD path`. */
  seen: string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export function startFaultyProxy(target: string, decide: (req: IncomingMessage, proxy: FaultyProxy) => Verdict): Promise<FaultyProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server;
  const proxy: FaultyProxy = {
    endpoint: '',
    seen: [],
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
  server = createServer((req, res) => {
    proxy.seen.push(`${req.method} ${req.url}`);
    const verdict = decide(req, proxy);
    if (verdict !== 'forward') {
      req.resume();
      const [status, code] = verdict === 'fail500' ? [500, 'InternalError'] : [403, 'AccessDenied'];
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected failure</Message></Error>`);
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      proxy.endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      done(proxy);
    }),
  );
}
