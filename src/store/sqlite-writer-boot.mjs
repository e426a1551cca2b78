// Worker threads do not inherit the TypeScript loader; this entry loads it, then the writer itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sqlite-writer.ts', import.meta.url);
