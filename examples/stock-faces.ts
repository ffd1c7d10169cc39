/**
 * Stock faces: the 100+ ready-made faces. A look has a different face id per Phoenix model.
 *
 *   TAVUS_API_KEY=… npx tsx examples/stock-faces.ts
 */
import { type Face, Tavus } from '../src/index.js';

/** Groups the stock catalogue by look, showing each look's id per model. */
export async function main(tavus: Tavus): Promise<Map<string, Record<string, string>>> {
  const looks = new Map<string, Record<string, string>>();
  const all: Face[] = await tavus.stockFaces.list({ limit: 100 }).toArray({ max: 1_000 });
  for (const face of all) {
    const look = face.face_name ?? face.face_id;
    const ids = looks.get(look) ?? {};
    ids[face.model_name ?? 'unknown'] = face.face_id;
    looks.set(look, ids);
  }
  console.log(`${all.length} stock faces, ${looks.size} looks`);
  for (const [look, ids] of [...looks].slice(0, 5)) console.log(`  ${look}: ${JSON.stringify(ids)}`);

  // Only the Phoenix-4.5 ones, page by page.
  const first = await tavus.stockFaces.list({ model_name: 'phoenix-4.5', limit: 10 });
  console.log(`phoenix-4.5: ${first.total_count} faces; first page has ${first.data.length}`);
  return looks;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(new Tavus()).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
