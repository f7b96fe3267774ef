import { useEffect, useState } from 'react';
import type { SampleStudy, SampleStudySource } from '../../datasources/sampleStudies';

type Catalog = { kind: 'loading' } | { kind: 'ready'; studies: SampleStudy[] } | { kind: 'failed'; message: string };

export function SamplePicker({ source, onOpen }: { source: SampleStudySource; onOpen: (study: SampleStudy) => void }) {
  const [catalog, setCatalog] = useState<Catalog>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    source.list().then(
      (studies) => live && setCatalog({ kind: 'ready', studies }),
      (error: unknown) => live && setCatalog({ kind: 'failed', message: String(error) }),
    );
    return () => {
      live = false;
    };
  }, [source]);

  if (catalog.kind === 'loading') return <p role="status">Loading the sample studies…</p>;
  if (catalog.kind === 'failed') return <p role="alert">The sample studies could not be listed: {catalog.message}</p>;
  return (
    <section className="sample-picker" aria-labelledby="samples-heading">
      <h2 id="samples-heading">Sample studies</h2>
      <ul>
        {catalog.studies.map((study) => (
          <li key={study.id}>
            <button type="button" data-sample-id={study.id} onClick={() => onOpen(study)}>
              {study.title}
            </button>
            <p>{study.description}</p>
            <small>{study.licence}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
