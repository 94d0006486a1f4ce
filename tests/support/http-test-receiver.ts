import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the receiver got it, body as raw text (what signatures are computed over). */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers; `hold: true` never answers (to test timeouts). */
export type ReceiverReply = { status: number; body?: string; headers?: Record<string, string> } | { hold: true };

export interface HttpTestReceiver {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: ReceivedRequest[];
  /** Connections open right now (kept-alive ones included). */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port that records every request and answers as told.
 * `keepAliveTimeoutMs`: how long it keeps an idle connection open (Node's default, 5 s, unless given).
 */
export async function startHttpTestReceiver(reply: (request: ReceivedRequest, index: number) => ReceiverReply = () => ({ status: 200 }), options: { keepAliveTimeoutMs?: number } = {}): Promise<HttpTestReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    // A sender killed mid-request (the delivery crash test) resets the connection: the request is simply not recorded.
    incoming.on('error', () => undefined);
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      if ('hold' in answer) return;
      outgoing.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      outgoing.end(answer.body ?? '');
    });
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  const open = new Set<object>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => open.size,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
