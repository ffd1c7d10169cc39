/** A stand-in for the Tavus API on 127.0.0.1 that records what reached it. */
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = (received: Received, res: ServerResponse) => void;

export interface Upstream {
  url: string;
  received: Received[];
  /** What the next requests are answered with (by default, JSON echoing the path). */
  reply: Reply;
  close: () => Promise<void>;
}

export const echo: Reply = (received, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: received.url }));
};

export async function startUpstream(): Promise<Upstream> {
  const upstream: Upstream = { url: '', received: [], reply: echo, close: async () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    upstream.received.push(received);
    upstream.reply(received, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}
