import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { LiveStats } from './types.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * The dashboard's figures from the node's live stream (Server-Sent Events, at most two a second). Each
 * update replaces the last: the page keeps one update, whatever the traffic. The browser reconnects on
 * its own; a stream refused for credentials sends the console back to sign-in.
 */
export function useLiveStats(): { stats: LiveStats | null; state: LiveState } {
  const [stats, setStats] = useState<LiveStats | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const source = new EventSource('/v1/live/stats');
    source.addEventListener('stats', (e) => {
      setStats(JSON.parse((e as MessageEvent<string>).data) as LiveStats);
      setState('live');
    });
    source.onerror = () => {
      setState('reconnecting');
      // A closed source will not retry (the node refused it): ask who we are, which signs out on 401.
      if (source.readyState === EventSource.CLOSED) void api('/v1/me').catch(() => undefined);
    };
    return () => source.close();
  }, []);
  return { stats, state };
}
