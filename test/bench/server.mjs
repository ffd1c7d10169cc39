// The bench's HTTP server (a child process, so it does not share the client's core). Answers every
// GET /v2/faces with a ~2 KB list and every GET /v2/faces/{id} with a ~300 B face; exits when its
// parent closes stdin.
import { createServer } from 'node:http';
import { list, one } from './bodies.mjs';

const headers = (body) => ({ 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });

const server = createServer((req, res) => {
  const path = req.url.split('?')[0];
  const body = path === '/v2/faces' ? list : one;
  res.writeHead(200, headers(body));
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ port: server.address().port, sizes: { list: list.length, one: one.length } })}\n`,
  );
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
