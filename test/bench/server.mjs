// The bench's HTTP server (a child process, so it does not share the client's core). Answers every
// GET /v2/faces with a ~2 KB list and every GET /v2/faces/{id} with a ~300 B face; exits when its
// parent closes stdin.
import { createServer } from 'node:http';

const face = (i) => ({
  face_id: `r${String(i).padStart(11, '0')}`,
  face_name: `Bench face ${i}`,
  status: 'completed',
  training_progress: '100/100',
  thumbnail_video_url: `https://cdn.example.com/faces/${i}/thumb.mp4`,
  created_at: '2026-01-01T00:00:00.000Z',
  model_name: 'phoenix-4',
  default_voice_id: 'v0a1b2c3d4e5f',
});
const one = JSON.stringify({ ...face(0), updated_at: '2026-01-01T00:00:00.000Z', error_message: null });
const list = JSON.stringify({ data: Array.from({ length: 7 }, (_, i) => face(i + 1)), total_count: 7 });
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
