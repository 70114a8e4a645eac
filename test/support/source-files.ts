import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The project's source directory, wherever the tests run from. */
export const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Every `.ts` file under `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
