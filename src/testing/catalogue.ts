import { hex, mulberry32 } from './prng.js';

/** A stock voice as `GET /v2/voices` lists it. */
export interface SimVoice {
  /** The voice's id (`v` + hex). */
  voice_id: string;
  /** The stock slug `voice_name` accepts (e.g. `anna`). */
  voice_name: string;
  /** Free text. */
  description: string | null;
  /** `system` for the catalogue. */
  voice_type: 'user' | 'system';
  /** Always `completed` for stock voices. */
  status: 'started' | 'completed' | 'error';
  /** Tags `tag` filters on. */
  tags: string[];
  /** Creation time (ISO). */
  created_at: string;
}

/** A stock face look on one Phoenix model. @internal */
export interface StockFaceSeed {
  face_id: string;
  face_name: string;
  model_name: 'phoenix-3' | 'phoenix-4' | 'phoenix-4.5';
  voice: string;
}

/** A stock PAL. @internal */
export interface StockPalSeed {
  pal_id: string;
  pal_name: string;
  system_prompt: string;
  default_face_id: string;
}

// Slugs the reference documents (anna, benjamin, james, liam, julia, ivy), the first names of the
// stock looks seen in public clients (luna, lucas, brooke, charlie, ruby, lucy), then more.
const VOICES: readonly [slug: string, gender: 'female' | 'male', accent: string][] = [
  ['anna', 'female', 'american'],
  ['benjamin', 'male', 'american'],
  ['james', 'male', 'british'],
  ['liam', 'male', 'american'],
  ['julia', 'female', 'british'],
  ['ivy', 'female', 'american'],
  ['luna', 'female', 'american'],
  ['lucas', 'male', 'american'],
  ['brooke', 'female', 'american'],
  ['charlie', 'male', 'australian'],
  ['ruby', 'female', 'british'],
  ['lucy', 'female', 'american'],
  ['olivia', 'female', 'american'],
  ['noah', 'male', 'american'],
  ['emma', 'female', 'british'],
  ['mia', 'female', 'australian'],
  ['ethan', 'male', 'american'],
  ['sofia', 'female', 'american'],
  ['daniel', 'male', 'british'],
  ['grace', 'female', 'american'],
  ['leo', 'male', 'australian'],
  ['chloe', 'female', 'american'],
  ['mateo', 'male', 'american'],
  ['zoe', 'female', 'british'],
  ['oliver', 'male', 'british'],
  ['nora', 'female', 'american'],
  ['henry', 'male', 'american'],
  ['aria', 'female', 'american'],
  ['samuel', 'male', 'american'],
  ['maya', 'female', 'british'],
];

const STYLES = ['warm, conversational', 'calm, reassuring', 'bright, energetic', 'clear, professional'];
const SETTINGS = ['Casual', 'Studio', 'Office', 'Home', 'Outdoor'];

// Looks whose ids public clients use (contract, parts/faces.md §5): kept fixed whatever the seed,
// so code that hard-codes one of them finds it in the simulator too.
const KNOWN: readonly StockFaceSeed[] = [
  { face_id: 'rc9cff32ceba', face_name: 'Anna - Casual', model_name: 'phoenix-4', voice: 'anna' },
  { face_id: 'rb32069a3012', face_name: 'Luna', model_name: 'phoenix-4', voice: 'luna' },
  { face_id: 'r3f4182ef554', face_name: 'Lucas - Studio', model_name: 'phoenix-4', voice: 'lucas' },
  { face_id: 'rc8992fe8e8e', face_name: 'Brooke', model_name: 'phoenix-4.5', voice: 'brooke' },
  { face_id: 'rbb3ca3630f7', face_name: 'Charlie', model_name: 'phoenix-4.5', voice: 'charlie' },
  { face_id: 'rcc28da86847', face_name: 'Ruby - Office', model_name: 'phoenix-4', voice: 'ruby' },
  { face_id: 'rf90eb925bd8', face_name: 'Ruby - Office', model_name: 'phoenix-4.5', voice: 'ruby' },
  { face_id: 'r4067604db72', face_name: 'Lucy - Home', model_name: 'phoenix-4.5', voice: 'lucy' },
];

const CATALOGUE_TIME = '2025-06-01T00:00:00.000Z';

/** The seeded stock catalogue: voices, faces (one id per look per model) and stock PALs. @internal */
export function buildCatalogue(seed: number): {
  voices: SimVoice[];
  faces: StockFaceSeed[];
  pals: StockPalSeed[];
  taken: Set<string>;
} {
  const random = mulberry32(seed ^ 0x5eed_ca7a);
  const taken = new Set<string>(KNOWN.map((f) => f.face_id));
  const id = (prefix: string, length: number): string => {
    for (;;) {
      const candidate = prefix + hex(random, length);
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  };

  const voices: SimVoice[] = VOICES.map(([slug, gender, accent], i) => ({
    voice_id: id('v', 12),
    voice_name: slug,
    description: `${capitalise(slug)}: ${STYLES[i % STYLES.length]}, ${accent} English`,
    voice_type: 'system',
    status: 'completed',
    tags: [gender, accent, i % 3 === 0 ? 'pro' : 'standard'],
    // Voices' documented timestamps have microseconds and no zone (`2026-08-17T12:00:00.000000`).
    created_at: CATALOGUE_TIME.replace('Z', '000'),
  }));

  const faces: StockFaceSeed[] = [...KNOWN];
  const knownLooks = new Set(KNOWN.map((f) => `${f.face_name}|${f.model_name}`));
  VOICES.forEach(([slug], i) => {
    const looks = 1 + (i % 3);
    for (let look = 0; look < looks; look++) {
      const name = `${capitalise(slug)} - ${SETTINGS[(i + look) % SETTINGS.length]}`;
      const models: StockFaceSeed['model_name'][] = ['phoenix-4'];
      if ((i + look) % 2 === 0) models.push('phoenix-4.5');
      if (look === 0 && i % 4 === 0) models.unshift('phoenix-3');
      for (const model_name of models) {
        if (knownLooks.has(`${name}|${model_name}`)) continue;
        faces.push({ face_id: id('r', 11), face_name: name, model_name, voice: slug });
      }
    }
  });

  const pals: StockPalSeed[] = [
    {
      pal_id: 'pb87e71797da',
      pal_name: 'Lucy',
      system_prompt: 'You are Lucy, a friendly assistant.',
      default_face_id: 'r4067604db72',
    },
  ];
  taken.add('pb87e71797da');
  const generated = faces.slice(KNOWN.length).filter((f) => f.model_name === 'phoenix-4');
  const stock: [name: string, prompt: string][] = [
    ['Customer Support', 'You are a patient customer support agent.'],
    ['Interviewer', 'You are a structured, fair job interviewer.'],
    ['Tutor', 'You are an encouraging tutor who checks understanding.'],
  ];
  for (const [k, [name, prompt]] of stock.entries()) {
    const face = generated[k] ?? KNOWN[0]!;
    pals.push({ pal_id: id('p', 11), pal_name: name, system_prompt: prompt, default_face_id: face.face_id });
  }
  return { voices, faces, pals, taken };
}

/** When the catalogue was made (a fixed time, so it is the same in every simulator). @internal */
export const CATALOGUE_CREATED_AT = CATALOGUE_TIME;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
