import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { isOlderVersion, isTooLargeResourceVersion } from './resource-version.js';

describe('isOlderVersion', () => {
  it('orders integer resourceVersions by value, without losing precision', () => {
    expect(isOlderVersion('99', '100')).toBe(true);
    expect(isOlderVersion('100', '99')).toBe(false);
    expect(isOlderVersion('100', '100')).toBe(false);
    expect(isOlderVersion('18446744073709551614', '18446744073709551615')).toBe(true);
    expect(isOlderVersion('9007199254740993', '9007199254740992')).toBe(false);
  });

  it('never calls opaque (non-integer) resourceVersions older', () => {
    expect(isOlderVersion('abc', '100')).toBe(false);
    expect(isOlderVersion('99', 'v100')).toBe(false);
    expect(isOlderVersion('099', '100')).toBe(false);
    expect(isOlderVersion('', '100')).toBe(false);
    expect(isOlderVersion('99', undefined)).toBe(false);
  });
});

describe('isTooLargeResourceVersion', () => {
  const tooLarge = {
    kind: 'Status',
    code: 504,
    reason: 'Timeout',
    message: 'Too large resource version: 2000, current: 1500',
    details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] },
  };

  it('recognises the API server saying so (list answers carry the Status body)', () => {
    expect(isTooLargeResourceVersion(new ApiException(504, 'x', tooLarge, {}), false)).toBe(true);
    expect(
      isTooLargeResourceVersion(
        new ApiException(504, 'x', { message: 'Too large resource version' }, {}),
        false,
      ),
    ).toBe(true);
    expect(
      isTooLargeResourceVersion(new ApiException(504, 'x', { message: 'gateway timeout' }, {}), false),
    ).toBe(false);
    expect(isTooLargeResourceVersion(new ApiException(503, 'x', tooLarge, {}), true)).toBe(false);
  });

  it('takes a bodiless 504 (a refused watch) as that answer only on a resume', () => {
    const refused = Object.assign(new Error('Gateway Timeout'), { statusCode: 504 });
    expect(isTooLargeResourceVersion(refused, true)).toBe(true);
    expect(isTooLargeResourceVersion(refused, false)).toBe(false);
    expect(isTooLargeResourceVersion(Object.assign(new Error('x'), { statusCode: 500 }), true)).toBe(false);
  });
});
