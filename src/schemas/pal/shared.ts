/**
 * Small schema pieces shared by the PAL's layers and the PAL itself.
 *
 * @module
 */
import * as z from 'zod/mini';
import { nullish } from '../common.js';

/** A list of strings that may be absent or `null`. @internal */
export const stringList = () => nullish(z.array(z.string()));
