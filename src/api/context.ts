import type { NodeConfig } from '../config/index.ts';
import type { Engine } from '../engine/index.ts';
import type { CommandBuilder } from './commands.ts';

/** What every route module receives: the engine to send commands to, and how to build them. */
export interface ApiContext {
  readonly engine: Engine;
  readonly config: NodeConfig;
  readonly commands: CommandBuilder;
}
