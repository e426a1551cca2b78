// Worker threads do not inherit the TypeScript loader; this entry loads it, then the signature worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('./signature-worker.ts', import.meta.url);
