import { useEffect, useRef, useState } from 'react';

/**
 * A Vega-Lite spec (workers/cohort/plots.ts, the cohort command's) drawn as SVG in the page by Vega,
 * loaded on first use. Vega writes text as SVG text nodes, never as markup: a patient ID from the PACS
 * stays text. Its expressions are interpreted (workers/cohort/render.ts): the page forbids eval.
 */
export function VegaPlot({ spec, testId, label }: { spec: Record<string, unknown>; testId: string; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ kind: 'drawing' } | { kind: 'drawn' } | { kind: 'failed'; message: string }>({ kind: 'drawing' });
  useEffect(() => {
    let live = true;
    let finalize = () => {};
    setState({ kind: 'drawing' });
    void (async () => {
      const [{ View }, { plotRuntime, PLOT_VIEW_OPTIONS }] = await Promise.all([import('vega'), import('../../../workers/cohort/render')]);
      if (!live || !container.current) return;
      const view = new View(plotRuntime(spec), { ...PLOT_VIEW_OPTIONS, renderer: 'svg', container: container.current, hover: false });
      finalize = () => view.finalize();
      await view.runAsync();
      if (live) setState({ kind: 'drawn' });
    })().catch((error: unknown) => live && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
      finalize();
    };
  }, [spec]);
  return (
    <figure className="cohort-plot" data-testid={testId} data-state={state.kind} aria-label={label}>
      {state.kind === 'failed' && (
        <p className="error" role="alert">
          The plot could not be drawn: {state.message}
        </p>
      )}
      <div ref={container} />
    </figure>
  );
}
