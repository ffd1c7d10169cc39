/** The pure presigned-expiry parser, on the providers' documented examples. */
import { describe, expect, it } from 'vitest';
import { expiryProblems, readPresignedExpiry } from '../../src/media/url.js';
import { cloudFrontPolicy } from './helpers.js';

const at = (url: string) => readPresignedExpiry(new URL(url));
const iso = (url: string) => at(url)?.expiresAt?.toISOString();

describe('readPresignedExpiry', () => {
  it('S3 SigV4: X-Amz-Date plus X-Amz-Expires (the S3 docs example)', () => {
    const url =
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    expect(at(url)).toMatchObject({ scheme: 'aws-sigv4', temporaryCredentials: false });
    expect(iso(url)).toBe('2013-05-25T00:00:00.000Z');
  });

  it('S3 SigV4 with a session token is flagged, and names match case-insensitively', () => {
    const url =
      'https://b.s3.amazonaws.com/k?x-amz-algorithm=AWS4-HMAC-SHA256&x-amz-date=20240101T120000Z&x-amz-expires=3600&x-amz-security-token=abc&x-amz-signature=00';
    expect(at(url)).toMatchObject({ scheme: 'aws-sigv4', temporaryCredentials: true });
    expect(iso(url)).toBe('2024-01-01T13:00:00.000Z');
  });

  it('S3 SigV2: Expires is Unix seconds', () => {
    const url =
      'https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D';
    expect(at(url)?.scheme).toBe('aws-sigv2');
    expect(iso(url)).toBe('2006-03-09T07:25:20.000Z');
  });

  it('GCS V4 and V2', () => {
    expect(
      iso(
        'https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=x&X-Goog-Date=20181026T181309Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=00',
      ),
    ).toBe('2018-10-26T18:28:09.000Z');
    const v2 =
      'https://storage.googleapis.com/b/o?GoogleAccessId=x%40p.iam.gserviceaccount.com&Expires=1331155464&Signature=BCl8p9';
    expect(at(v2)?.scheme).toBe('gcs-v2');
    expect(iso(v2)).toBe('2012-03-07T21:24:24.000Z');
  });

  it('Azure SAS: se in ISO 8601 UTC, also as a date alone', () => {
    const url =
      'https://myaccount.blob.core.windows.net/sascontainer/sasblob.txt?sv=2015-04-05&st=2015-04-29T22%3A18%3A26Z&se=2015-04-30T02%3A23%3A26Z&sr=b&sp=rw&sip=168.1.5.60-168.1.5.70&spr=https&sig=Z%2FRHIX5Xcg0Mq2rqI3OlWTjEg2tYkboXr1P9ZUXDtkk%3D';
    expect(at(url)?.scheme).toBe('azure-sas');
    expect(iso(url)).toBe('2015-04-30T02:23:26.000Z');
    expect(iso('https://a.blob.core.windows.net/c/b?sv=2020-08-04&se=2030-01-02&sp=r&sig=x')).toBe(
      '2030-01-02T00:00:00.000Z',
    );
  });

  it('CloudFront canned (Expires) and custom (the policy JSON)', () => {
    const canned =
      'https://d111111abcdef8.cloudfront.net/image.jpg?Expires=1767290400&Signature=abc~-_&Key-Pair-Id=K2JCJMDEHXQW5F';
    expect(at(canned)?.scheme).toBe('cloudfront-canned');
    expect(iso(canned)).toBe('2026-01-01T18:00:00.000Z');
    const custom = `https://d111111abcdef8.cloudfront.net/v.mp4?Policy=${cloudFrontPolicy(1767290400)}&Signature=abc&Key-Pair-Id=K2JCJMDEHXQW5F`;
    expect(at(custom)?.scheme).toBe('cloudfront-custom');
    expect(iso(custom)).toBe('2026-01-01T18:00:00.000Z');
  });

  it('a URL without a known signature is assumed public; a signed one with a broken date has no expiry', () => {
    expect(at('https://cdn.example.com/rio.mp4?v=2&expires=soon')).toBeNull();
    expect(
      at(
        'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=yesterday&X-Amz-Expires=60&X-Amz-Signature=0',
      ),
    ).toMatchObject({
      scheme: 'aws-sigv4',
      expiresAt: null,
    });
    expect(at(`https://d.cloudfront.net/v.mp4?Policy=not-json&Signature=a&Key-Pair-Id=K`)?.expiresAt).toBeNull();
  });
});

describe('expiryProblems: at least 24 h left, a few minutes of clock skew allowed', () => {
  const expiry = (hoursFromNow: number, temporaryCredentials = false) => ({
    scheme: 'aws-sigv4' as const,
    expiresAt: new Date(1_000_000_000_000 + hoursFromNow * 3600_000),
    temporaryCredentials,
    source: '',
  });
  const now = 1_000_000_000_000;
  it('passes 24 h and 23 h 56 min (signed for 24 h a few minutes ago); fails 23 h, and an expired URL', () => {
    expect(expiryProblems(expiry(24), now)).toEqual([]);
    expect(expiryProblems(expiry(24 - 4 / 60), now)).toEqual([]);
    expect(expiryProblems(expiry(23), now)).toMatchObject([{ code: 'url_expiry', severity: 'error' }]);
    expect(expiryProblems(expiry(-1), now)[0]?.message).toMatch(/expired at/);
  });
  it('warns about temporary credentials and an unreadable expiry', () => {
    expect(expiryProblems(expiry(48, true), now)).toMatchObject([{ code: 'url_expiry', severity: 'warning' }]);
    expect(expiryProblems({ ...expiry(48), expiresAt: null }, now)).toMatchObject([{ severity: 'warning' }]);
  });
});
