export { parseTrainingCallback, type TrainingCallback } from './callback.js';
export { BATCH_PAGE_SIZE, TrainingBatchWatch, watchFaces } from './many.js';
export { resolveOptions as checkWatchOptions } from './tracker.js';
export { TrainingWatch, resumeFaceWatch, watchFace } from './watch.js';
export type * from './types.js';
