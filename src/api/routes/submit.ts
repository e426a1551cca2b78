import type { Engine } from '../../engine/index.ts';
import type { AccountRef, Command, CommandValue, OperatorRef, TransferRecord } from '../../ledger/index.ts';

/** Sends one command and returns its value, or throws its refusal (turned into a problem response). */
export async function submitOne(engine: Engine, command: Command): Promise<CommandValue> {
  const [result] = await engine.submit([command]);
  if (result === undefined) throw new Error('the engine returned no result');
  if (!result.ok) throw result.error;
  return result.value;
}

export async function submitTransfer(engine: Engine, command: Command): Promise<TransferRecord> {
  const value = await submitOne(engine, command);
  if (!('seq' in value)) throw new Error(`${command.type} did not return a transfer`);
  return value;
}

export async function submitAccount(engine: Engine, command: Command): Promise<AccountRef> {
  const value = await submitOne(engine, command);
  if (!('num' in value)) throw new Error(`${command.type} did not return an account`);
  return value;
}

export async function submitOperator(engine: Engine, command: Command): Promise<OperatorRef> {
  const value = await submitOne(engine, command);
  if (!('operator' in value)) throw new Error(`${command.type} did not return an operator`);
  return value;
}
