/**
 * "Copy as flux text": fetches the server's ?format=text rendering (byte for byte what the flux CLI prints)
 * and puts it on the clipboard.
 */
import { useState } from 'react';
import { getText } from '../data/api';
import { useApiPath } from '../data/cluster-context';
import { Icon } from './Icon';
import { useToast } from './toast';

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Denied (no user activation, insecure origin): fall back to a hidden textarea.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused clipboard access');
}

export function CopyTextButton({
  path,
  what,
  label = 'Copy as flux text',
}: {
  path: string;
  what: string;
  label?: string;
}) {
  const notify = useToast();
  const api = useApiPath();
  const [busy, setBusy] = useState(false);
  const copy = async () => {
    setBusy(true);
    try {
      const text = await getText(api(path));
      await writeClipboard(text);
      const lines = text.trimEnd().split('\n').length;
      notify(`Copied ${what} (${lines} line${lines === 1 ? '' : 's'})`);
    } catch (err) {
      notify(`Could not copy ${what}: ${(err as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="btn btn--sm"
      onClick={() => void copy()}
      disabled={busy}
      title={`Copy ${what} as the flux CLI prints it`}
    >
      <Icon name="copy" /> {label}
    </button>
  );
}
