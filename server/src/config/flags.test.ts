import { describe, expect, it } from 'vitest';
import { FlagError, helpText, parseFlags } from './flags.js';

describe('parseFlags', () => {
  it('defaults: 127.0.0.1:8080, bootstrap demo scenario, read-only, 5 min silence limit', () => {
    const config = parseFlags([], {});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      demo: false,
      demoScenario: 'bootstrap',
      enableActions: false,
    });
    expect(config !== 'help' && config.watchSilenceMs).toBe(300_000);
  });

  it('flags win over env; --flag=value and --flag value; KUBECONFIG kept as a list', () => {
    const config = parseFlags(['--port=9000', '--demo', '--demo-scenario', 'failure', '--context', 'prod'], {
      FLUXSCOPE_PORT: '7000',
      FLUXSCOPE_HOST: '0.0.0.0',
      KUBECONFIG: '/a:/b',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      demo: true,
      demoScenario: 'failure',
      context: 'prod',
      kubeconfigEnv: '/a:/b',
    });
  });

  it('rejects bad values with a message, --help lists every flag', () => {
    expect(() => parseFlags(['--port', 'x'], {})).toThrow(FlagError);
    expect(() => parseFlags(['--demo-scenario', 'chaos'], {})).toThrow(/bootstrap, steady, failure/);
    expect(() => parseFlags(['--nope'], {})).toThrow(/unknown flag --nope/);
    expect(parseFlags(['--help'], {})).toBe('help');
    for (const flag of [
      '--host',
      '--port',
      '--kubeconfig',
      '--context',
      '--demo',
      '--demo-scenario',
      '--demo-speed',
      '--enable-actions',
      '--static-dir',
      '--log-level',
    ]) {
      expect(helpText()).toContain(flag);
    }
  });
});
