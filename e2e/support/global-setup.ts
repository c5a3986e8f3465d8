/** Once per run: the servers the specs start serve web/dist, so say plainly when there is no build. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const index = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

export default function globalSetup(): void {
  if (!existsSync(index)) throw new Error('web/dist has no build: run `pnpm build` first');
}
