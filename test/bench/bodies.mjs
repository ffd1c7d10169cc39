// The bodies the bench server answers with, shared with the network-free overhead bench.
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
export const one = JSON.stringify({ ...face(0), updated_at: '2026-01-01T00:00:00.000Z', error_message: null });
export const list = JSON.stringify({ data: Array.from({ length: 7 }, (_, i) => face(i + 1)), total_count: 7 });
