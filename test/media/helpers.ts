import { readFileSync } from 'node:fs';
import { FIXTURES } from './server.js';

/** A fixture's bytes. */
export const bytesOf = (name: string) => new Uint8Array(readFileSync(FIXTURES + name));

/** `YYYYMMDDTHHMMSSZ`, as SigV4 and GCS V4 write dates. */
export const basicIso = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const HOUR = 3600;
const now = () => Date.now();

/** Query strings shaped like each provider's presigned URLs, signed `ageS` seconds ago and valid `validS` from signing. */
export const presigned = {
  'aws-sigv4': (validS: number, ageS = 0, token = false) =>
    `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20130721%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${basicIso(now() - ageS * 1000)}&X-Amz-Expires=${validS}&X-Amz-SignedHeaders=host${token ? '&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE' : ''}&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`,
  'aws-sigv2': (validS: number, ageS = 0) =>
    `AWSAccessKeyId=AKIAEXAMPLE&Expires=${Math.floor(now() / 1000) - ageS + validS}&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D`,
  'gcs-v4': (validS: number, ageS = 0) =>
    `X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=example%40example-project.iam.gserviceaccount.com%2F20181026%2Fus-central1%2Fstorage%2Fgoog4_request&X-Goog-Date=${basicIso(now() - ageS * 1000)}&X-Goog-Expires=${validS}&X-Goog-SignedHeaders=host&X-Goog-Signature=247a2aa45f169edf4d187d54e7cc46e4731b1e6273242c4f4c39a1d2507a0e58`,
  'gcs-v2': (validS: number, ageS = 0) =>
    `GoogleAccessId=example%40example-project.iam.gserviceaccount.com&Expires=${Math.floor(now() / 1000) - ageS + validS}&Signature=BCl8p9QZ2%2FeBPR9YBSYDzAYyXs0%3D`,
  'azure-sas': (validS: number, ageS = 0) =>
    `sv=2015-04-05&st=${encodeURIComponent(new Date(now() - ageS * 1000).toISOString().slice(0, 19))}Z&se=${encodeURIComponent(new Date(now() + (validS - ageS) * 1000).toISOString().slice(0, 19))}Z&sr=b&sp=r&sig=Z%2FRHIX5Xcg0Mq2rqI3OlWTjEg2tYkboXr1P9ZUXDtkk%3D`,
  'cloudfront-canned': (validS: number, ageS = 0) =>
    `Expires=${Math.floor(now() / 1000) - ageS + validS}&Signature=nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~-ar3UocvvRQVw6EkC~GdpGQyyOSKQim-TxAnW7d8F5Kkai9HVx0FIu-5jcQb0UEmatEXAMPLE3ReXySpLSMj0yCd3ZAB4UcBCAqEijkytL6f3fVYNGQI6&Key-Pair-Id=K2JCJMDEHXQW5F`,
  'cloudfront-custom': (validS: number, ageS = 0) =>
    `Policy=${cloudFrontPolicy(Math.floor(now() / 1000) - ageS + validS)}&Signature=nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~-ar3UocvvRQVw6EkC~GdpGQyyOSKQim-TxAnW7d8F5Kkai9HVx0FIu-5jcQb0UEmatEXAMPLE3ReXySpLSMj0yCd3ZAB4UcBCAqEijkytL6f3fVYNGQI6&Key-Pair-Id=K2JCJMDEHXQW5F`,
};

/** A CloudFront custom policy as CloudFront encodes it (CFP: base64 with `+=/` → `-_~`). */
export function cloudFrontPolicy(epoch: number): string {
  const policy = JSON.stringify({
    Statement: [
      { Resource: 'https://d111111abcdef8.cloudfront.net/*', Condition: { DateLessThan: { 'AWS:EpochTime': epoch } } },
    ],
  });
  return Buffer.from(policy).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}

export const DAY = 24 * HOUR;
export { HOUR };
