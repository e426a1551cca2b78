// Worker threads do not inherit the TypeScript loader; this entry loads it, then the monitoring worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('./monitor-worker.ts', import.meta.url);
