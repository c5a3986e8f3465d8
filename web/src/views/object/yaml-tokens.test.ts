import { describe, expect, it } from 'vitest';
import { tokenizeYamlLine } from './yaml-tokens';

const kinds = (line: string) => tokenizeYamlLine(line).map(t => `${t.kind}:${t.text}`);

describe('YAML highlighting', () => {
  it('marks keys, values and comments and keeps every character', () => {
    for (const line of [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      '  - name: sources # first',
      '    prune: true',
      '  replicas: 3',
      "  url: 'oci://x'",
      '  - plain item',
      '# note',
      '  message: |',
      '    a: b is text here',
      '',
    ]) {
      expect(
        tokenizeYamlLine(line)
          .map(t => t.text)
          .join(''),
      ).toBe(line);
    }
    expect(kinds('  - name: sources # first')).toEqual([
      'plain:  ',
      'punct:- ',
      'key:name',
      'punct::',
      'plain: ',
      'string:sources',
      'comment: # first',
    ]);
    expect(kinds('    prune: true')).toContain('literal:true');
    expect(kinds('  replicas: 3')).toContain('number:3');
    expect(kinds('# note')).toEqual(['comment:# note']);
  });
});
