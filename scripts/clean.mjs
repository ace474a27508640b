// Removes the previous build, so a test or module deleted from the sources cannot linger in dist/.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
