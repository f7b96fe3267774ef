import { useEffect, useMemo, useState } from 'react';
import type { KeyImageCaliper, KeyImageRenderer, KeyImageRendering } from '../../viewer/keyImages';
import type { KeyImage, ReportTimepoint } from '../../../workers/report/reportModel';
import { formatAxes } from './format';
import type { KeyImageGroup } from './keyImageGroups';

interface Props {
  groups: readonly KeyImageGroup[];
  timepoints: readonly ReportTimepoint[];
  render: KeyImageRenderer;
  /** told once every thumbnail is drawn or known to be unavailable */
  onSettled(settled: boolean): void;
}

const sameCalipers = (a: KeyImage, b: KeyImage) => JSON.stringify([a.longAxis, a.shortAxis]) === JSON.stringify([b.longAxis, b.shortAxis]);

/** The calipers to draw: a viable part recorded as "viable = whole" is the whole lesion's caliper, drawn once. */
function calipersOf(group: KeyImageGroup): KeyImageCaliper[] {
  const whole = group.parts.find((part) => part.part === 'whole');
  return group.parts
    .filter((part) => !(part.part === 'enhancing' && whole && sameCalipers(part, whole)))
    .map((part) => ({ part: part.part, longAxis: part.longAxis, shortAxis: part.shortAxis, longAxisMm: part.longAxisMm }));
}

function describe(group: KeyImageGroup, date: string): { caption: string; alt: string } {
  const whole = group.parts.find((part) => part.part === 'whole');
  const viable = group.parts.find((part) => part.part === 'enhancing');
  const viableIsWhole = whole && viable && sameCalipers(whole, viable);
  const pieces = [
    ...(whole ? [`${formatAxes(whole.longAxisMm, whole.shortAxisMm)} mm`] : []),
    ...(viable ? [viableIsWhole ? 'viable = whole' : `viable ${formatAxes(viable.longAxisMm, viable.shortAxisMm)} mm`] : []),
  ];
  const caption = `${group.lesionLabel} · ${group.timepoint} ${date} · ${pieces.join(' · ')}`;
  const alt = `${group.lesionLabel} at ${group.timepoint} (${date}): ${[
    ...(whole ? [`whole lesion ${formatAxes(whole.longAxisMm, whole.shortAxisMm)} mm`] : []),
    ...(viable ? [`viable part ${formatAxes(viable.longAxisMm, viable.shortAxisMm)} mm`] : []),
  ].join(', ')}`;
  return { caption, alt };
}

/** The image of each measured lesion at each timepoint, cropped around its calipers. */
export function KeyImageGallery({ groups, timepoints, render, onSettled }: Props) {
  const [renderings, setRenderings] = useState<ReadonlyMap<string, KeyImageRendering>>(new Map());
  const dates = useMemo(() => new Map(timepoints.map((timepoint) => [timepoint.label, timepoint.date])), [timepoints]);

  useEffect(() => {
    let live = true;
    setRenderings(new Map());
    onSettled(groups.length === 0);
    // One at a time: each may decode an image that the viewports have not needed yet.
    void (async () => {
      for (const group of groups) {
        let rendering: KeyImageRendering;
        try {
          rendering = await render({
            lesionLabel: group.lesionLabel,
            seriesInstanceUid: group.seriesInstanceUid,
            sopInstanceUid: group.sopInstanceUid,
            frameNumber: group.frameNumber,
            calipers: calipersOf(group),
          });
        } catch (error) {
          rendering = { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
        }
        if (!live) return;
        setRenderings((previous) => new Map(previous).set(group.key, rendering));
      }
      if (live) onSettled(true);
    })();
    return () => {
      live = false;
    };
  }, [groups, render, onSettled]);

  if (groups.length === 0) return <p className="report-note">No lesion was measured on an image.</p>;
  return (
    <div className="key-images">
      {groups.map((group) => {
        const rendering = renderings.get(group.key);
        const { caption, alt } = describe(group, dates.get(group.timepoint) ?? '');
        return (
          <figure
            key={group.key}
            className="key-image"
            data-testid="key-image"
            data-lesion={group.lesionLabel}
            data-timepoint={group.timepoint}
            data-state={rendering?.kind ?? 'loading'}
          >
            {rendering?.kind === 'rendered' ? (
              <img src={rendering.url} alt={alt} width={rendering.sizePx} height={rendering.sizePx} />
            ) : (
              <div className="key-image-placeholder" role="img" aria-label={alt}>
                {rendering ? `Image not shown: ${rendering.reason}.` : 'Drawing…'}
              </div>
            )}
            <figcaption>{caption}</figcaption>
          </figure>
        );
      })}
    </div>
  );
}
