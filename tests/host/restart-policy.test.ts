import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../main/host/index.js';
import { ParityError } from '../../shared/errors.js';

describe('RestartPolicy', () => {
  it('lets the engine restart after occasional crashes', () => {
    let now = 0;
    const policy = new RestartPolicy({ maxCrashes: 3, windowMs: 60_000, now: () => now });
    policy.recordCrash();
    now += 30_000;
    policy.recordCrash();
    expect(policy.waitMs()).toBe(0);
    expect(() => policy.check('')).not.toThrow();
  });

  it('stops restarts after a crash loop, says for how long, and allows them again once the window passed', () => {
    let now = 1_000_000;
    const policy = new RestartPolicy({ maxCrashes: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      policy.recordCrash();
      now += 1_000;
    }
    expect(policy.waitMs()).toBe(57_000);
    let error: unknown;
    try {
      policy.check('The engine log is in /logs/engine.log.');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParityError);
    expect((error as ParityError).code).toBe('ENGINE_CRASHED');
    expect((error as ParityError).message).toContain('3 times within 60 s');
    expect((error as ParityError).hint).toContain('/logs/engine.log');
    now += 57_000;
    expect(policy.waitMs()).toBe(0);
  });
});
