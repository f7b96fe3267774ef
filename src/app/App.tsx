import { useCallback, useState } from 'react';
import type { SampleStudy } from '../datasources/sampleStudies';
import { groupIntoSeries, type FileProblem, type ImageSeries } from '../dicom/series';
import { SamplePicker } from '../ui/studies/SamplePicker';
import { ViewportPanel } from '../ui/viewer/ViewportPanel';
import type { Services } from './services';

type Screen =
  | { kind: 'picking' }
  | { kind: 'loading'; title: string; loaded: number; total: number }
  | { kind: 'viewing'; series: ImageSeries; problems: FileProblem[] }
  | { kind: 'failed'; message: string };

export function App({ services }: { services: Services }) {
  const [screen, setScreen] = useState<Screen>({ kind: 'picking' });

  const openSample = useCallback(
    async (study: SampleStudy) => {
      setScreen({ kind: 'loading', title: study.title, loaded: 0, total: study.files.length });
      try {
        const files = await services.samples.load(study, (loaded, total) =>
          setScreen({ kind: 'loading', title: study.title, loaded, total }),
        );
        const { series, problems } = groupIntoSeries(files);
        const first = series[0];
        setScreen(first ? { kind: 'viewing', series: first, problems } : { kind: 'failed', message: 'The study holds no readable image.' });
      } catch (error) {
        setScreen({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [services],
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1>Nadir</h1>
        <span className="tagline">tumour response assessment</span>
        {screen.kind !== 'picking' && (
          <button type="button" onClick={() => setScreen({ kind: 'picking' })}>
            Studies
          </button>
        )}
      </header>
      <main className="app-main">
        {screen.kind === 'picking' && <SamplePicker source={services.samples} onOpen={openSample} />}
        {screen.kind === 'loading' && (
          <div className="loading" role="status">
            <p>Loading {screen.title}</p>
            <progress max={screen.total} value={screen.loaded} />
            <span>
              {screen.loaded} / {screen.total} files
            </span>
          </div>
        )}
        {screen.kind === 'failed' && (
          <p className="error" role="alert">
            {screen.message}
          </p>
        )}
        {screen.kind === 'viewing' && (
          <ViewportPanel runtime={services.viewerRuntime} series={screen.series} problems={screen.problems} />
        )}
      </main>
    </div>
  );
}
