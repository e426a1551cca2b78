import type { Engine } from '../../engine/index.ts';
import type { Security } from '../../security/index.ts';
import { toTongbaoError } from '../error-map.ts';
import { auditedActions, holderNamesFrom } from './security-adapter.ts';
import { Supervision } from './supervision.ts';
import { loadSupervisionConfig } from './supervision-config.ts';

/**
 * Starts supervision inside a node: the configuration's rules and watch lists (the `supervision` block
 * of the node configuration file, TONGBAO_RULES, TONGBAO_WATCHLISTS), screening reading holder names
 * through the security layer, and freezes that go through the engine and into the audit log.
 */
export async function startSupervision(o: {
  readonly engine: Engine;
  readonly security: Security;
  readonly configPath?: string | undefined;
  readonly log?: (line: string) => void;
}): Promise<Supervision> {
  const config = loadSupervisionConfig(o.configPath);
  try {
    return await Supervision.start({
      engine: o.engine,
      config,
      holders: holderNamesFrom(o.security),
      actions: auditedActions(o.security, o.engine),
      ...(o.log === undefined ? {} : { log: o.log }),
    });
  } catch (error) {
    // A bad rule file or watch list stops the node at start, saying which and why.
    const coded = toTongbaoError(error);
    if (coded === null) throw error;
    throw new Error(`supervision cannot start: ${coded.code}: ${coded.message}`);
  }
}

/** One line for the node's start-up notices. */
export function supervisionNotice(s: Supervision): string {
  const st = s.status();
  const lists = st.screening?.lists ?? [];
  const screening =
    lists.length === 0
      ? 'no watch list configured'
      : `screening against ${lists.map((l) => `${l.entities} entities`).join(' + ')} (list ${st.screening!.list_version})`;
  return `monitoring with ${st.rule_set.id} v${st.rule_set.version} (resumes after seq ${st.follower.resumed_after}); ${screening}`;
}
