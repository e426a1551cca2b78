// Worker threads do not inherit the TypeScript loader; this entry loads it, then the hasher itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./journal-hasher-worker.ts', import.meta.url);
