/**
 * The merge against fluxcd/pkg chartutil's own cases for ChartValuesFromReferences, ReplacePathValue and
 * ReplacePathLiteralValue (the ones helm-controller v1.6.2 runs). Their Secrets are ConfigMaps here when the
 * expected values matter (Fluxscope reads ConfigMaps only), and Secrets when the placeholder does.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ClusterObject } from '../kube/types.js';
import type { HelmValues } from '../wire/helm.js';
import { type ConfigMapLookup, configMapsToRead, helmValues, renderHelmValuesText } from './helm-values.js';

type Ref = {
  kind: string;
  name: string;
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
  literal?: boolean;
};

function run(opts: {
  cms?: Record<string, Record<string, string>>;
  refs: Ref[];
  values?: string;
}): HelmValues {
  const hr: ClusterObject = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'app', namespace: 'ns' },
    spec: {
      valuesFrom: opts.refs,
      ...(opts.values ? { values: parse(opts.values) as Record<string, unknown> } : {}),
    },
  };
  const lookups = new Map<string, ConfigMapLookup>();
  for (const name of configMapsToRead(hr)) {
    const data = opts.cms?.[name];
    lookups.set(name, data ? { state: 'found', data } : { state: 'not-found' });
  }
  return helmValues(hr, lookups);
}

/** The lines back into values: checks the merge and that the YAML printed is what was merged. */
function plain(v: HelmValues): unknown {
  const text = v.lines.map(l => `${'  '.repeat(l.depth)}${l.text}`).join('\n');
  return (parse(text) as unknown) ?? {};
}

const line = (v: HelmValues, text: string) => v.lines.find(l => l.text === text);

describe('helmValues: chartutil.ChartValuesFromReferences cases', () => {
  it('merges: documents deep-merge at the root in order, spec.values last', () => {
    const v = run({
      cms: {
        values: { 'values.yaml': 'flat: value\nnested:\n  configuration: value\n' },
        second: { 'values.yaml': 'flat:\n  nested: value\nnested: value\n' },
      },
      refs: [
        { kind: 'ConfigMap', name: 'values' },
        { kind: 'ConfigMap', name: 'second' },
      ],
      values: 'other: values\n',
    });
    expect(v.complete).toBe(true);
    expect(plain(v)).toEqual({ flat: { nested: 'value' }, nested: 'value', other: 'values' });
    // Provenance: the second ConfigMap replaced the first's scalar and map.
    expect(v.lines.find(l => l.text === 'nested: value' && l.depth === 0)).toMatchObject({
      source: 1,
      overrode: [0],
    });
    expect(line(v, 'other: values')).toMatchObject({ source: 2 });
    expect(v.sources.map(s => s.state)).toEqual(['merged', 'merged', 'merged']);
  });

  it('merges with a Secret at the root: its keys unknown, earlier values marked as maybe replaced', () => {
    const v = run({
      cms: { values: { 'values.yaml': 'flat: value\nnested:\n  configuration: value\n' } },
      refs: [
        { kind: 'ConfigMap', name: 'values' },
        { kind: 'Secret', name: 'values' },
      ],
      values: 'other: values\n',
    });
    expect(plain(v)).toEqual({ flat: 'value', nested: { configuration: 'value' }, other: 'values' });
    expect(line(v, 'flat: value')).toMatchObject({ source: 0, mayBeOverriddenBy: [1] });
    // spec.values is merged after every reference: no Secret can replace it.
    expect(line(v, 'other: values')?.mayBeOverriddenBy).toBeUndefined();
    expect(v.sources[1]).toMatchObject({ state: 'not-read', label: 'Secret ns/values key values.yaml' });
    expect(v.secretsNote).toMatch(/never reads Secrets/);
  });

  it('with target path', () => {
    const refs = [
      { kind: 'ConfigMap', name: 'values', valuesKey: 'single', targetPath: 'merge.at.specific.path' },
    ];
    expect(plain(run({ cms: { values: { single: 'value' } }, refs }))).toEqual({
      merge: { at: { specific: { path: 'value' } } },
    });
    const secret = run({ refs: [{ ...refs[0]!, kind: 'Secret' }] });
    expect(plain(secret)).toEqual({
      merge: { at: { specific: { path: '<from Secret ns/values key single: not read>' } } },
    });
    // Quoted in the YAML: the placeholder holds ": ".
    expect(line(secret, 'path: "<from Secret ns/values key single: not read>"')).toMatchObject({
      secret: true,
      source: 0,
      depth: 3,
    });
  });

  it('target path precedence over all: written into the map spec.values shares', () => {
    const cms = {
      values: { 'values.yaml': 'flat: value\nnested:\n  configuration:\n  - one\n  - two\n  - three\n' },
      key: { key: 'value' },
    };
    const values = 'nested:\n  configuration:\n  - list\n  - item\n  - option\n';
    const v = run({
      cms,
      refs: [
        { kind: 'ConfigMap', name: 'key', valuesKey: 'key', targetPath: 'nested.configuration[0]' },
        { kind: 'ConfigMap', name: 'values' },
      ],
      values,
    });
    expect(plain(v)).toEqual({ flat: 'value', nested: { configuration: ['value', 'item', 'option'] } });
    // The list is spec.values' own, item 0 written into it by the targetPath reference.
    expect(line(v, '- value')).toMatchObject({ source: 0, overrode: [2] });
    expect(line(v, '- item')).toMatchObject({ source: 2 });
    const secret = run({
      cms,
      refs: [
        { kind: 'Secret', name: 'values', valuesKey: 'key', targetPath: 'nested.configuration[0]' },
        { kind: 'ConfigMap', name: 'values' },
      ],
      values,
    });
    expect(plain(secret)).toEqual({
      flat: 'value',
      nested: { configuration: ['<from Secret ns/values key key: not read>', 'item', 'option'] },
    });
  });

  it('a target path through a map spec.values does not have is replaced by a later document', () => {
    const v = run({
      cms: { a: { v: 'from-path' }, b: { 'values.yaml': 'x:\n  y: from-doc\n' } },
      refs: [
        { kind: 'ConfigMap', name: 'a', valuesKey: 'v', targetPath: 'x.y' },
        { kind: 'ConfigMap', name: 'b' },
      ],
      values: 'other: 1\n',
    });
    expect(plain(v)).toEqual({ x: { y: 'from-doc' }, other: 1 });
    expect(line(v, 'y: from-doc')).toMatchObject({ source: 1, overrode: [0] });
  });

  it('target path for string type array item', () => {
    const v = run({
      cms: {
        values: { 'values.yaml': 'flat: value\nnested:\n  configuration:\n  - list\n  - item\n  - option\n' },
        foo: { 'values.yaml': 'foo' },
      },
      refs: [
        { kind: 'ConfigMap', name: 'values' },
        { kind: 'ConfigMap', name: 'foo', targetPath: 'nested.configuration[1]' },
      ],
      values: 'other: values\n',
    });
    expect(plain(v)).toEqual({
      flat: 'value',
      nested: { configuration: ['list', 'foo', 'option'] },
      other: 'values',
    });
    expect(line(v, '- foo')).toMatchObject({ source: 1, overrode: [0] });
  });

  it('missing and optional references', () => {
    const missing = run({ refs: [{ kind: 'ConfigMap', name: 'missing' }] });
    expect(missing.complete).toBe(false);
    expect(missing.error).toBe(
      `could not resolve ConfigMap chart values reference 'ns/missing' with key 'values.yaml': configmaps "missing" not found`,
    );
    expect(missing.sources.map(s => s.state)).toEqual(['failed', 'not-reached']);
    const optional = run({ refs: [{ kind: 'ConfigMap', name: 'missing', optional: true }] });
    expect(optional.complete).toBe(true);
    expect(plain(optional)).toEqual({});
    expect(optional.sources[0]!.state).toBe('skipped');
    // A Secret is never read, so whether it exists is not known: no error claimed.
    expect(run({ refs: [{ kind: 'Secret', name: 'missing' }] }).complete).toBe(true);
  });

  it('missing config map key, unsupported kind, invalid values', () => {
    expect(
      run({ cms: { values: {} }, refs: [{ kind: 'ConfigMap', name: 'values', valuesKey: 'nonexisting' }] })
        .error,
    ).toBe(
      `could not resolve ConfigMap chart values reference 'ns/values' with key 'nonexisting': key not found`,
    );
    expect(run({ refs: [{ kind: 'Unsupported', name: '' }] }).error).toMatch(
      /unsupported values reference kind$/,
    );
    const invalid = run({
      cms: { values: { 'values.yaml': '\ninvalid' } },
      refs: [{ kind: 'ConfigMap', name: 'values' }],
    });
    expect(invalid.complete).toBe(false);
    expect(invalid.error).toMatch(/cannot unmarshal string into Go value of type map/);
  });

  it('non-literal target path mangles a value with commas (an error), literal keeps it verbatim', () => {
    const content =
      'server:\n  port: 8080\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: [ "prometheus", "health" ]\n';
    const ref = {
      kind: 'ConfigMap',
      name: 'values',
      valuesKey: 'application.yml',
      targetPath: 'externalConfig.application\\.yml.content',
    };
    expect(run({ cms: { values: { 'application.yml': 'endpoints: [a,b,c]' } }, refs: [ref] }).error).toMatch(
      /key "b" has no value \(cannot end with ,\)$/,
    );
    expect(
      plain(run({ cms: { values: { 'application.yml': content } }, refs: [{ ...ref, literal: true }] })),
    ).toEqual({
      externalConfig: { 'application.yml': { content } },
    });
  });

  it('literal flag without targetPath is ignored (root YAML merge)', () => {
    expect(
      plain(
        run({
          cms: { values: { 'values.yaml': 'flat: value\n' } },
          refs: [{ kind: 'ConfigMap', name: 'values', literal: true }],
        }),
      ),
    ).toEqual({ flat: 'value' });
  });

  it('flux2#2625: comma-separated brokers fail without literal, are kept with it', () => {
    const brokers = 'kafka01.net:9092,kafka02.net:9092,kafka03.net:9092';
    const ref = { kind: 'ConfigMap', name: 'kafka', valuesKey: 'brokers', targetPath: 'kafka.brokers' };
    expect(run({ cms: { kafka: { brokers } }, refs: [ref] }).error).toMatch(
      /key "net:9092" has no value \(cannot end with ,\)$/,
    );
    expect(plain(run({ cms: { kafka: { brokers } }, refs: [{ ...ref, literal: true }] }))).toEqual({
      kafka: { brokers },
    });
  });
});

describe('helmValues: ReplacePathValue / ReplacePathLiteralValue cases', () => {
  const at = (path: string, value: string, literal = false) =>
    plain(
      run({
        cms: { v: { k: value } },
        refs: [{ kind: 'ConfigMap', name: 'v', valuesKey: 'k', targetPath: path, literal }],
      }),
    );

  it.each([
    ['outer.inner', 'value', { outer: { inner: 'value' } }],
    ['name', '{a,b,c}', { name: ['a', 'b', 'c'] }],
    ['name', 'value1\\,value2', { name: 'value1,value2' }],
    ['merge.at.specific.path', 'true', { merge: { at: { specific: { path: true } } } }],
    ['merge.at.specific.path', '"true"', { merge: { at: { specific: { path: 'true' } } } }],
    ['merge.at[2]', 'value', { merge: { at: [null, null, 'value'] } }],
    ['nodeSelector.kubernetes\\.io/role', 'master', { nodeSelector: { 'kubernetes.io/role': 'master' } }],
    ['n', '42', { n: 42 }],
    ['n', '042', { n: '042' }],
    ['n', '1.5', { n: '1.5' }],
  ])('typed: %s = %s', (path, value, want) => expect(at(path, value)).toEqual(want));

  it.each([
    ['name', 'a,b,c'],
    ['name', '{a,b,c}'],
    ['name', 'foo=bar=baz'],
    ['config', 'endpoints: [a, b, c]'],
    ['subnet_ids', '["a","b","c"]'],
    ['feature.enabled', 'true'],
    ['kafka.brokers', 'kafka01.net:9092,kafka02.net:9092,kafka03.net:9092'],
    ['c', 'kafka {\n  bootstrap = "b-1:9098,b-2:9098"\n  group = "svc.consumer"\n}\n'],
  ])('literal: %s = %j', (path, value) => {
    const want: Record<string, unknown> = {};
    let cursor = want;
    const parts = path.split('.');
    parts.forEach((p, i) => {
      if (i === parts.length - 1) cursor[p] = value;
      else cursor = (cursor[p] = {}) as Record<string, unknown>;
    });
    expect(at(path, value, true)).toEqual(want);
  });

  it('a path through a scalar fails as the parser does', () => {
    const v = run({
      cms: { v: { k: 'x' } },
      refs: [{ kind: 'ConfigMap', name: 'v', valuesKey: 'k', targetPath: 'a.b' }],
      values: 'a: 1\n',
    });
    expect(v.error).toMatch(/unable to parse key: interface conversion: interface \{\} is int64, not map/);
  });
});

describe('renderHelmValuesText', () => {
  it('prints YAML with where each value came from', () => {
    const v = run({
      cms: { base: { 'values.yaml': 'replicas: 1\nimage:\n  tag: "1.0"\nlist:\n- a: 1\n  b: 2\n' } },
      refs: [
        { kind: 'ConfigMap', name: 'base' },
        { kind: 'Secret', name: 'creds', valuesKey: 'token', targetPath: 'auth.token' },
      ],
      values: 'replicas: 3\n',
    });
    const text = renderHelmValuesText(v);
    expect(text).toContain(
      'replicas: 3  # from inline spec.values; overrides ConfigMap ns/base key values.yaml',
    );
    expect(text).toContain(
      '  token: "<from Secret ns/creds key token: not read>"  # from Secret ns/creds key token at auth.token',
    );
    expect(text).toContain('  tag: "1.0"  # from ConfigMap ns/base key values.yaml');
    expect(text).toMatch(/^# Fluxscope never reads Secrets/);
    const yaml = text.replace(/ {2}# .*$/gm, '').replace(/^#.*\n/gm, '');
    expect(parse(yaml)).toEqual({
      auth: { token: '<from Secret ns/creds key token: not read>' },
      image: { tag: '1.0' },
      list: [{ a: 1, b: 2 }],
      replicas: 3,
    });
  });
});
