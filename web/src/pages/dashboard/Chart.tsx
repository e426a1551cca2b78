import { useEffect, useRef } from 'react';
import { type ChartOption, echarts } from './echarts.ts';

/**
 * An ECharts canvas that follows its option: created once, updated in place (the series data is
 * replaced, never appended), resized with its box, disposed with the component. `label` describes it
 * for screen readers; the figures are also in a table beside every chart.
 */
export function Chart({ option, label, testId }: { option: ChartOption; label: string; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { lazyUpdate: true });
  }, [option]);
  return <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} />;
}
