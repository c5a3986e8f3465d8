import type { ControllerErrors } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { ControllerErrorsCache, ERRORS_TTL_MS } from './controller-errors.js';

const answer = (controller: string, readAt: string): ControllerErrors => ({
  controller,
  pods: [],
  scanned: 0,
  lines: [],
  readAt,
});

describe('ControllerErrorsCache', () => {
  it('reads a controller once per TTL, shared by concurrent askers, and again after it', async () => {
    let clock = 0;
    const reads: string[] = [];
    const cache = new ControllerErrorsCache(
      async (ns, name) => {
        reads.push(`${ns}/${name}`);
        return answer(name, String(clock));
      },
      () => clock,
    );
    await Promise.all([
      cache.get('flux-system', 'helm-controller'),
      cache.get('flux-system', 'helm-controller'),
    ]);
    clock = ERRORS_TTL_MS - 1;
    expect((await cache.get('flux-system', 'helm-controller')).readAt).toBe('0');
    await cache.get('flux-system', 'source-controller');
    expect(reads).toEqual(['flux-system/helm-controller', 'flux-system/source-controller']);
    clock = ERRORS_TTL_MS;
    expect((await cache.get('flux-system', 'helm-controller')).readAt).toBe(String(ERRORS_TTL_MS));
    expect(reads).toHaveLength(3);
  });

  it('keeps no failed read: the next asker tries again', async () => {
    let fail = true;
    const cache = new ControllerErrorsCache(
      async (_ns, name) => {
        if (fail) throw new Error('boom');
        return answer(name, 'ok');
      },
      () => 0,
    );
    await expect(cache.get('flux-system', 'helm-controller')).rejects.toThrow('boom');
    fail = false;
    await expect(cache.get('flux-system', 'helm-controller')).resolves.toMatchObject({ readAt: 'ok' });
  });
});
