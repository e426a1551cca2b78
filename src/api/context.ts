import type { NodeConfig } from '../config/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Security } from '../security/index.ts';
import type { Guard } from './auth.ts';
import type { CommandBuilder } from './commands.ts';

/** What every route module receives: the engine, how to build commands, and the security layer. */
export interface ApiContext {
  readonly engine: Engine;
  readonly config: NodeConfig;
  readonly commands: CommandBuilder;
  readonly security: Security;
  /** Scope checks and privileged-read logging, applying src/security/policy.ts. */
  readonly guard: Guard;
}
